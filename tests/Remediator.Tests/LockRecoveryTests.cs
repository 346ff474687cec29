using System.Text.Json;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator;
using LambdaSuite.TestSupport;
using Remediator.Tests.Fakes;
using Xunit;
using static Remediator.Tests.Fakes.FakeEcsClient;

namespace Remediator.Tests;

/// <summary>
/// Through the handler: a lock whose holder never reached StopTask blocks for one invocation, not
/// one cooldown; the lock is marked before StopTask so a possible stop always holds the cooldown;
/// every takeover is audited.
/// </summary>
public sealed class LockRecoveryTests
{
    private readonly FakeEcsClient _ecs = new();
    private readonly ManualClock _clock = new();
    private readonly FakeLock _lock;
    private readonly MemorySink _sink = new();

    public LockRecoveryTests()
    {
        _lock = new FakeLock(_clock, TimeSpan.FromMinutes(10));
        _ecs.Tasks.AddRange([Task("a", startedMinutesAgo: 300), Task("b", health: "UNHEALTHY", startedMinutesAgo: 10), Task("c", startedMinutesAgo: 100)]);
    }

    private async Task<JsonElement> InvokeAsync(string alarmName = "api-errors")
    {
        var handler = new Handler(Settings.Create(), _ecs, _lock, _clock, new JsonLog(_sink, "Remediator", LogLevel.Debug), new EmfMetrics(_sink, "Test", "Remediator"));
        var output = await handler.HandleAsync(Events.Stream(Events.EventBridge(alarmName, time: "2026-11-22T10:00:00Z")));
        return (await JsonDocument.ParseAsync(output)).RootElement.Clone();
    }

    [Fact]
    public async Task The_lock_is_IN_PROGRESS_until_the_invocation_ends()
    {
        await InvokeAsync();

        // Timeout 30 s (deadline 27 s + 3 s margin), counted from the start of the invocation.
        Assert.Equal(_clock.GetUtcNow().AddSeconds(30), Assert.Single(_lock.InvocationDeadlines));
    }

    [Fact]
    public async Task ListTasks_and_the_release_failing_blocks_one_invocation_not_one_cooldown_and_the_takeover_is_audited()
    {
        // Path (c): nothing was stopped, and the lock could not be given back.
        _ecs.Failures["ListTasks"] = new InvalidOperationException("ServerException: down");
        _lock.ReleaseFailure = new InvalidOperationException("dynamo down");
        await Assert.ThrowsAsync<RemediationFailedException>(() => InvokeAsync("first"));
        _ecs.Failures.Clear();
        _lock.ReleaseFailure = null;

        _clock.Advance(TimeSpan.FromSeconds(29));
        var stillThatInvocation = await InvokeAsync("second");
        _clock.Advance(TimeSpan.FromSeconds(2));
        var afterIt = await InvokeAsync("third");

        Assert.Equal("skipped", stillThatInvocation.GetProperty("action").GetString());
        Assert.Equal("stopped", afterIt.GetProperty("action").GetString());
        Assert.Single(_ecs.Stops);
        Assert.Equal(1, _sink.MetricSum(Remediation.Takeovers));
        var audit = Assert.Single(_sink.Json(), l => l.TryGetProperty("message", out var m) && m.GetString() == "Took over a lock whose holder ended before StopTask");
        Assert.Equal("WARN", audit.GetProperty("level").GetString());
        Assert.Equal("previous-alarm", audit.GetProperty("previousAlarmName").GetString());
    }

    [Fact]
    public async Task A_stop_that_may_have_happened_holds_the_whole_cooldown()
    {
        _ecs.Failures["StopTask"] = new InvalidOperationException("ServerException: maybe applied");
        _lock.ReleaseFailure = new InvalidOperationException("unused");
        await Assert.ThrowsAsync<RemediationFailedException>(() => InvokeAsync("first"));
        _ecs.Failures.Clear();

        _clock.Advance(TimeSpan.FromMinutes(9));
        var later = await InvokeAsync("second");

        Assert.Equal("skipped", later.GetProperty("action").GetString());
        Assert.Equal(["Acquire", "MarkStopping", "Record", "Acquire"], _lock.Calls);
        Assert.Equal(0, _sink.MetricSum(Remediation.Takeovers));
    }

    [Fact]
    public async Task If_the_lock_cannot_be_marked_nothing_is_stopped_and_the_lock_is_released()
    {
        _lock.MarkFailure = new InvalidOperationException("ProvisionedThroughputExceededException: slow down");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => InvokeAsync());

        Assert.StartsWith("DynamoDB lock for prod/api could not be marked before StopTask (nothing stopped, lock released)", error.Message, StringComparison.Ordinal);
        Assert.Empty(_ecs.Stops);
        Assert.Equal(["Acquire", "MarkStopping", "Release"], _lock.Calls);
        Assert.False(_lock.IsHeld("LOCK#prod#api"));
        Assert.Equal(1, _sink.MetricSum(Remediation.Failed));
    }
}
