using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Decision;

/// <summary>
/// The decision up to the lock: what is ignored, refused or suppressed without touching ECS, and
/// how the lock spaces stops out: one per cooldown, and a lock whose holder never reached StopTask
/// blocks for one invocation, not one cooldown, with every takeover audited.
/// </summary>
public sealed class RemediationTests
{
    private readonly RemediatorHarness _h = new();

    private Task<RemediationResult> RunAsync(string alarmName = "api-errors") => _h.RunAsync(Events.EventBridge(alarmName));

    [Fact]
    public async Task A_duplicate_within_the_cooldown_is_skipped_after_one_lock_call()
    {
        await RunAsync();
        _h.Ecs.Calls.Clear();
        _h.Lock.Calls.Clear();

        var result = await RunAsync("other-alarm-same-service");

        Assert.Equal(("skipped", true), (result.Action, result.Suppressed));
        Assert.Equal("prod/api was remediated recently: lock held by alarm held-by-test", result.Reason);
        Assert.Equal(["Acquire"], _h.Lock.Calls);
        Assert.Empty(_h.Ecs.Calls);
        Assert.Single(_h.Ecs.Stops);
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Suppressed));
    }

    [Fact]
    public async Task After_the_cooldown_the_next_alarm_acts_again()
    {
        await RunAsync();
        _h.Clock.Advance(RemediatorHarness.Cooldown + TimeSpan.FromSeconds(1));

        var result = await RunAsync();

        Assert.Equal("stopped", result.Action);
        Assert.Equal(2, _h.Ecs.Stops.Count);
        Assert.NotEqual(_h.Ecs.Stops[0].Task, _h.Ecs.Stops[1].Task);
    }

    [Theory]
    [InlineData("OK")]
    [InlineData("INSUFFICIENT_DATA")]
    public async Task Other_states_are_ignored_without_any_AWS_call(string state)
    {
        var result = await _h.RunAsync(Events.EventBridge("api-errors", state: state));

        Assert.Equal("ignored", result.Action);
        Assert.Contains(state, result.Reason, StringComparison.Ordinal);
        Assert.Empty(_h.Ecs.Calls);
        Assert.Empty(_h.Lock.Calls);
        Assert.Single(_h.Lines("INFO", "Alarm is not in ALARM; nothing to do"));
    }

    [Fact]
    public async Task A_service_outside_the_allow_list_is_refused_without_any_AWS_call()
    {
        var result = await _h.RunAsync(Events.EventBridge("api-errors", service: "billing"));

        Assert.Equal(("refused", "prod", "billing"), (result.Action, result.Cluster, result.Service));
        Assert.Empty(_h.Ecs.Calls);
        Assert.Empty(_h.Lock.Calls);
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Refused));
        Assert.Contains(_h.Sink.Json(), l => l.GetProperty("level").GetString() == "WARN" && l.GetProperty("message").GetString()!.StartsWith("Refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_environments_alarm_is_refused_without_any_AWS_call()
    {
        var settings = Settings.Create(alarmNamePrefix: "lambdasuite-prod-remediate-");

        var result = await _h.RunAsync(Events.EventBridge("lambdasuite-staging-remediate-prod/api/target-5xx-rate"), settings);
        var own = await _h.RunAsync(Events.EventBridge("lambdasuite-prod-remediate-prod/api/target-5xx-rate"), settings);

        Assert.Equal(("refused", null, null), (result.Action, result.Cluster, result.Service));
        Assert.StartsWith("the alarm name does not start with ALARM_NAME_PREFIX lambdasuite-prod-remediate-", result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Refused));
        Assert.Single(_h.Lines("WARN", "Refused: " + result.Reason));
        Assert.Equal("stopped", own.Action);
        Assert.Equal(["Acquire", "MarkStopping", "Record"], _h.Lock.Calls); // the own alarm's only
        Assert.Single(_h.Ecs.Stops);
    }

    [Fact]
    public async Task A_lock_error_fails_with_context_and_touches_no_task()
    {
        _h.Lock.AcquireFailure = new InvalidOperationException("ProvisionedThroughputExceededException: slow down");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => RunAsync());

        Assert.Equal("DynamoDB lock for prod/api could not be taken: ProvisionedThroughputExceededException: slow down", error.Message);
        Assert.Empty(_h.Ecs.Calls);
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Failed));
    }

    [Fact]
    public async Task A_stale_event_is_ignored_without_any_AWS_call()
    {
        _h.Clock.Advance(TimeSpan.FromSeconds(901));

        var result = await RunAsync();

        Assert.Equal("ignored", result.Action);
        Assert.Equal("event is 901 s old (time 2026-11-22T10:00:00.000Z), older than MAX_EVENT_AGE_SECONDS=900", result.Reason);
        Assert.Empty(_h.Ecs.Calls);
        Assert.Empty(_h.Lock.Calls);
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.StaleEvents));
        Assert.Single(_h.Lines("WARN", "Stale event ignored"));
    }

    [Fact]
    public async Task An_event_just_inside_the_maximum_age_acts()
    {
        _h.Clock.Advance(TimeSpan.FromSeconds(900));

        var result = await RunAsync();

        Assert.Equal("stopped", result.Action);
        Assert.Equal(0, _h.Sink.MetricSum(RemediatorMetrics.StaleEvents));
    }

    [Fact]
    public async Task ListTasks_and_the_release_failing_blocks_one_invocation_not_one_cooldown_and_the_takeover_is_audited()
    {
        // Nothing was stopped, and the lock could not be given back.
        _h.Ecs.Failures["ListTasks"] = new InvalidOperationException("ServerException: down");
        _h.Lock.ReleaseFailure = new InvalidOperationException("dynamo down");
        await Assert.ThrowsAsync<RemediationFailedException>(() => RunAsync("first"));
        _h.Ecs.Failures.Clear();
        _h.Lock.ReleaseFailure = null;

        _h.Clock.Advance(TimeSpan.FromSeconds(29));
        var stillThatInvocation = await RunAsync("second");
        _h.Clock.Advance(TimeSpan.FromSeconds(2));
        var afterIt = await RunAsync("third");

        Assert.Equal("skipped", stillThatInvocation.Action);
        Assert.Equal("stopped", afterIt.Action);
        Assert.Single(_h.Ecs.Stops);
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Takeovers));
        var audit = Assert.Single(_h.Lines("WARN", "Took over a lock whose holder ended before StopTask"));
        Assert.Equal("previous-alarm", audit.GetProperty("previousAlarmName").GetString());
    }

    [Fact]
    public async Task A_stop_that_may_have_happened_holds_the_whole_cooldown()
    {
        _h.Ecs.Failures["StopTask"] = new InvalidOperationException("ServerException: maybe applied");
        _h.Lock.ReleaseFailure = new InvalidOperationException("unused");
        await Assert.ThrowsAsync<RemediationFailedException>(() => RunAsync("first"));
        _h.Ecs.Failures.Clear();

        _h.Clock.Advance(TimeSpan.FromMinutes(9));
        var later = await RunAsync("second");

        Assert.Equal("skipped", later.Action);
        Assert.Equal(["Acquire", "MarkStopping", "Record", "Acquire"], _h.Lock.Calls);
        Assert.Equal(0, _h.Sink.MetricSum(RemediatorMetrics.Takeovers));
    }
}
