using System.Net;
using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Decision;

/// <summary>
/// With the lock held: one task is chosen, the lock is marked, the task stopped and the outcome
/// recorded; what happens to the lock when a step fails, is rejected or meets a deadline.
/// </summary>
public sealed class StopUnderLockTests
{
    private static readonly TimeSpan JustPastTheMargin = Settings.Create().DeadlineMargin + TimeSpan.FromMilliseconds(100);

    private readonly RemediatorHarness _h = new();

    /// <summary>ECS leaves <paramref name="operation"/> unanswered; the clock then reaches Lambda's deadline minus the margin.</summary>
    private async Task<RemediationFailedException> DeadlineDuringAsync(string operation)
    {
        _h.Ecs.Hangs.Add(operation);
        var stop = _h.StopAsync(remaining: JustPastTheMargin);
        await _h.Ecs.Hangs.StartedAsync(operation);
        _h.Clock.Advance(TimeSpan.FromMilliseconds(100));
        return await Assert.ThrowsAsync<RemediationFailedException>(() => stop);
    }

    [Fact]
    public async Task The_cooldown_reported_and_held_counts_from_the_mark_not_from_the_acquire()
    {
        _h.Ecs.OnList = () => _h.Clock.Advance(TimeSpan.FromSeconds(20)); // a slow ECS between acquire and mark

        var result = await _h.StopAsync();

        Assert.Equal("stopped", result.Action);
        Assert.Equal("2026-11-22T10:10:20.000Z", result.LockExpiresAt);
        _h.Clock.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(59)); // past acquire + cooldown, before mark + cooldown
        Assert.True(_h.Lock.IsHeld("LOCK#prod#api"));
    }

    [Fact]
    public async Task The_unhealthy_task_is_stopped_between_marking_and_recording_the_lock()
    {
        var result = await _h.StopAsync();

        Assert.Equal(("stopped", "prod", "api"), (result.Action, result.Cluster, result.Service));
        Assert.EndsWith("/b", result.TaskArn, StringComparison.Ordinal);
        Assert.Equal("2026-11-22T10:10:00.000Z", result.LockExpiresAt);
        var stop = Assert.Single(_h.Ecs.Stops);
        Assert.Equal("prod", stop.Cluster);
        Assert.EndsWith("/b", stop.Task, StringComparison.Ordinal);
        Assert.Contains("api-errors", stop.Reason, StringComparison.Ordinal);
        Assert.Equal(["ListTasks", "DescribeTasks", "StopTask"], _h.Ecs.Calls);
        Assert.Equal(["Acquire", "MarkStopping", "Record"], _h.Lock.Calls);
        Assert.Equal((StopOutcome.Stopped, stop.Task, false), Assert.Single(_h.Lock.Records));
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Performed));
        Assert.Equal("RUNNING", _h.Ecs.ListsDesiredStatus());
    }

    [Fact]
    public async Task Dry_run_decides_but_does_not_stop()
    {
        var result = await _h.StopAsync(Settings.Create(dryRun: true));

        Assert.Equal("dry-run", result.Action);
        Assert.EndsWith("/b", result.TaskArn, StringComparison.Ordinal);
        Assert.Empty(_h.Ecs.Stops);
        Assert.DoesNotContain("StopTask", _h.Ecs.Calls);
        Assert.Equal(StopOutcome.DryRun, Assert.Single(_h.Lock.Records).Outcome);
        Assert.True(_h.Lock.IsHeld("DRYRUN#prod#api"));
        Assert.False(_h.Lock.IsHeld("LOCK#prod#api"));
        Assert.Equal(0, _h.Sink.MetricSum(RemediatorMetrics.Performed));
    }

    [Fact]
    public async Task The_guard_keeps_the_last_task_and_frees_the_lock()
    {
        _h.Ecs.Tasks.RemoveAll(t => !t.TaskArn!.EndsWith("/b", StringComparison.Ordinal));

        var result = await _h.StopAsync();

        Assert.Equal("skipped", result.Action);
        Assert.StartsWith("guard:", result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, result.RunningTasksBefore);
        Assert.Empty(_h.Ecs.Stops);
        Assert.Equal((StopOutcome.NothingToStop, null, true), Assert.Single(_h.Lock.Records));
        Assert.False(_h.Lock.IsHeld("LOCK#prod#api"));
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Guarded));
    }

    [Fact]
    public async Task A_failure_before_StopTask_releases_the_lock_and_names_the_step()
    {
        _h.Ecs.Failures["DescribeTasks"] = new InvalidOperationException("ClientException: boom");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => _h.StopAsync());

        Assert.Equal("ECS DescribeTasks for prod/api failed: ClientException: boom", error.Message);
        Assert.Equal(["Acquire", "Release"], _h.Lock.Calls);
        Assert.False(_h.Lock.IsHeld("LOCK#prod#api"));
        Assert.Empty(_h.Ecs.Stops);
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Failed));

        _h.Ecs.Failures.Clear();
        Assert.Equal("stopped", (await _h.StopAsync()).Action);
    }

    [Fact]
    public async Task A_failed_release_still_reports_the_original_failure()
    {
        _h.Ecs.Failures["ListTasks"] = new InvalidOperationException("ServerException: down");
        _h.Lock.ReleaseFailure = new InvalidOperationException("dynamo down");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => _h.StopAsync());

        Assert.Contains("ListTasks", error.Message, StringComparison.Ordinal);
        Assert.Contains(_h.Sink.Json(), l => l.GetProperty("message").GetString()!.Contains("could not release", StringComparison.Ordinal));
    }

    [Fact]
    public async Task If_the_lock_cannot_be_marked_nothing_is_stopped_and_the_lock_is_released()
    {
        _h.Lock.MarkFailure = new InvalidOperationException("ProvisionedThroughputExceededException: slow down");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => _h.StopAsync());

        Assert.StartsWith("DynamoDB lock for prod/api could not be marked before StopTask (nothing stopped, lock released)", error.Message, StringComparison.Ordinal);
        Assert.Empty(_h.Ecs.Stops);
        Assert.Equal(["Acquire", "MarkStopping", "Release"], _h.Lock.Calls);
        Assert.False(_h.Lock.IsHeld("LOCK#prod#api"));
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Failed));
    }

    [Fact]
    public async Task A_mark_without_an_answer_gives_up_after_its_own_cap_well_before_the_deadline()
    {
        _h.Lock.Hangs.Add("MarkStopping");

        var stop = _h.StopAsync(remaining: TimeSpan.FromSeconds(30));
        await _h.Lock.Hangs.StartedAsync("MarkStopping");
        _h.Clock.Advance(Budgets.Mark - TimeSpan.FromMilliseconds(1));
        Assert.False(_h.Lock.Hangs.Ended("MarkStopping"));
        _h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_h.Lock.Hangs.Ended("MarkStopping"));
        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => stop);

        Assert.StartsWith("DynamoDB lock for prod/api could not be marked before StopTask", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Acquire", "MarkStopping", "Release"], _h.Lock.Calls);
        Assert.Empty(_h.Ecs.Stops);
    }

    [Fact]
    public async Task A_failed_StopTask_keeps_the_lock()
    {
        _h.Ecs.Failures["StopTask"] = new InvalidOperationException("ServerException: maybe applied");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => _h.StopAsync());

        Assert.Contains("StopTask", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Release", _h.Lock.Calls);
        Assert.True(_h.Lock.IsHeld("LOCK#prod#api"));
        Assert.Equal(StopOutcome.StopFailed, Assert.Single(_h.Lock.Records).Outcome);
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Failed));
    }

    [Fact]
    public async Task The_deadline_during_StopTask_keeps_the_lock()
    {
        var error = await DeadlineDuringAsync("StopTask");

        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
        Assert.DoesNotContain("Release", _h.Lock.Calls);
        Assert.True(_h.Lock.IsHeld("LOCK#prod#api"));
        Assert.Equal((StopOutcome.StopFailed, false), (Assert.Single(_h.Lock.Records).Outcome, _h.Lock.Records[0].FreeNow));
    }

    [Fact]
    public async Task The_deadline_before_StopTask_releases_the_lock_and_stops_nothing()
    {
        var error = await DeadlineDuringAsync("ListTasks");

        Assert.Equal("Invocation deadline (Lambda's deadline minus 3 s, 2026-11-22T10:00:00.100Z) reached before StopTask for prod/api; nothing stopped, lock released", error.Message);
        Assert.False(_h.Lock.IsHeld("LOCK#prod#api"));
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Failed));
    }

    public static TheoryData<string> RejectionsThatProveNothingWasDone => new()
    {
        "AccessDeniedException", "InvalidParameterException", "ClusterNotFoundException", "ServiceNotFoundException", "ClientException",
    };

    [Theory]
    [MemberData(nameof(RejectionsThatProveNothingWasDone))]
    public async Task A_StopTask_rejected_with_a_client_error_frees_the_lock_and_keeps_the_audit(string code)
    {
        _h.Ecs.Failures["StopTask"] = new AmazonEcsException("rejected", code, HttpStatusCode.BadRequest, "r", isRetryable: false);

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => _h.StopAsync());

        Assert.Contains("was rejected (nothing stopped, lock freed)", error.Message, StringComparison.Ordinal);
        Assert.False(_h.Lock.IsHeld("LOCK#prod#api"));
        Assert.Equal((StopOutcome.StopRejected, true), (Assert.Single(_h.Lock.Records).Outcome, _h.Lock.Records[0].FreeNow));
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Failed));
    }

    [Theory]
    [InlineData("ServerException", 500)]
    [InlineData("ThrottlingException", 400)]
    [InlineData("RequestTimeout", null)]
    public async Task A_StopTask_failure_that_may_hide_an_applied_stop_keeps_the_lock(string code, int? status)
    {
        _h.Ecs.Failures["StopTask"] = new AmazonEcsException("may have been applied", code, (HttpStatusCode?)status, null, isRetryable: true);

        await Assert.ThrowsAsync<RemediationFailedException>(() => _h.StopAsync());

        Assert.True(_h.Lock.IsHeld("LOCK#prod#api"));
        Assert.Equal((StopOutcome.StopFailed, false), (Assert.Single(_h.Lock.Records).Outcome, _h.Lock.Records[0].FreeNow));
    }

    [Fact]
    public void The_stop_reason_names_the_alarm_and_the_event()
    {
        var reason = StopUnderLock.StopReason(Events.Parse(Events.EventBridge("api-errors", id: "evt-7")));

        Assert.Equal("LambdaSuite Remediator: alarm api-errors in ALARM (event evt-7)", reason);
    }
}
