using System.Text.Json;
using LambdaSuite.Remediator;
using Remediator.Tests.Fakes;
using Xunit;

namespace Remediator.Tests;

/// <summary>
/// Through the handler: a lock whose holder never reached StopTask blocks for one invocation, not
/// one cooldown; the lock is marked before StopTask so a possible stop always holds the cooldown;
/// every takeover is audited.
/// </summary>
public sealed class LockRecoveryTests
{
    private readonly HandlerHarness _h = new();

    private Task<JsonElement> InvokeAsync(string alarmName = "api-errors") => _h.InvokeAsync(Events.EventBridge(alarmName));

    [Fact]
    public async Task The_lock_is_IN_PROGRESS_until_the_invocation_ends()
    {
        await InvokeAsync();

        // Timeout 30 s (deadline 27 s + 3 s margin), counted from the start of the invocation.
        Assert.Equal(_h.Clock.GetUtcNow().AddSeconds(30), Assert.Single(_h.Lock.InvocationDeadlines));
    }

    [Fact]
    public async Task ListTasks_and_the_release_failing_blocks_one_invocation_not_one_cooldown_and_the_takeover_is_audited()
    {
        // Path (c): nothing was stopped, and the lock could not be given back.
        _h.Ecs.Failures["ListTasks"] = new InvalidOperationException("ServerException: down");
        _h.Lock.ReleaseFailure = new InvalidOperationException("dynamo down");
        await Assert.ThrowsAsync<RemediationFailedException>(() => InvokeAsync("first"));
        _h.Ecs.Failures.Clear();
        _h.Lock.ReleaseFailure = null;

        _h.Clock.Advance(TimeSpan.FromSeconds(29));
        var stillThatInvocation = await InvokeAsync("second");
        _h.Clock.Advance(TimeSpan.FromSeconds(2));
        var afterIt = await InvokeAsync("third");

        Assert.Equal("skipped", stillThatInvocation.GetProperty("action").GetString());
        Assert.Equal("stopped", afterIt.GetProperty("action").GetString());
        Assert.Single(_h.Ecs.Stops);
        Assert.Equal(1, _h.Sink.MetricSum(Remediation.Takeovers));
        var audit = Assert.Single(_h.Sink.Json(), l => l.TryGetProperty("message", out var m) && m.GetString() == "Took over a lock whose holder ended before StopTask");
        Assert.Equal("WARN", audit.GetProperty("level").GetString());
        Assert.Equal("previous-alarm", audit.GetProperty("previousAlarmName").GetString());
    }

    [Fact]
    public async Task A_stop_that_may_have_happened_holds_the_whole_cooldown()
    {
        _h.Ecs.Failures["StopTask"] = new InvalidOperationException("ServerException: maybe applied");
        _h.Lock.ReleaseFailure = new InvalidOperationException("unused");
        await Assert.ThrowsAsync<RemediationFailedException>(() => InvokeAsync("first"));
        _h.Ecs.Failures.Clear();

        _h.Clock.Advance(TimeSpan.FromMinutes(9));
        var later = await InvokeAsync("second");

        Assert.Equal("skipped", later.GetProperty("action").GetString());
        Assert.Equal(["Acquire", "MarkStopping", "Record", "Acquire"], _h.Lock.Calls);
        Assert.Equal(0, _h.Sink.MetricSum(Remediation.Takeovers));
    }

    [Fact]
    public async Task If_the_lock_cannot_be_marked_nothing_is_stopped_and_the_lock_is_released()
    {
        _h.Lock.MarkFailure = new InvalidOperationException("ProvisionedThroughputExceededException: slow down");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => InvokeAsync());

        Assert.StartsWith("DynamoDB lock for prod/api could not be marked before StopTask (nothing stopped, lock released)", error.Message, StringComparison.Ordinal);
        Assert.Empty(_h.Ecs.Stops);
        Assert.Equal(["Acquire", "MarkStopping", "Release"], _h.Lock.Calls);
        Assert.False(_h.Lock.IsHeld("LOCK#prod#api"));
        Assert.Equal(1, _h.Sink.MetricSum(Remediation.Failed));
    }
}
