using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Decision;

/// <summary>
/// The writes after the decision run on their own budget, on the clock and not the invocation's
/// deadline, and never replace the error or result they follow.
/// </summary>
public sealed class LockCleanupTests
{
    private readonly RemediatorHarness _h = new();
    private readonly EmfMetrics _metrics;
    private readonly LockCleanup _cleanup;

    public LockCleanupTests()
    {
        _metrics = _h.Metrics;
        _cleanup = new LockCleanup(_h.Lock, _h.Clock, _h.Log, _metrics);
    }

    private static LambdaSuite.Remediator.Model.AlarmEvent Alarm => Events.Parse(Events.EventBridge("api-errors"));

    [Fact]
    public async Task A_release_after_a_failure_gives_the_lock_back_and_counts_the_failure()
    {
        var lease = await _h.AcquireAsync();

        await _cleanup.ReleaseAfterFailureAsync(lease, Alarm, RemediatorHarness.Target, new InvalidOperationException("ListTasks failed"));
        _metrics.Flush();

        Assert.False(_h.Lock.IsHeld("LOCK#prod#api"));
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Failed));
        Assert.Single(_h.Lines("ERROR", "Failed before StopTask; lock released"));
    }

    [Fact]
    public async Task A_release_that_fails_is_logged_with_the_cause_and_not_thrown()
    {
        var lease = await _h.AcquireAsync();
        _h.Lock.ReleaseFailure = new InvalidOperationException("dynamo down");

        await _cleanup.ReleaseAfterFailureAsync(lease, Alarm, RemediatorHarness.Target, new InvalidOperationException("ListTasks failed"));

        var line = Assert.Single(_h.Lines("ERROR", "Failed before StopTask and could not release the lock (it holds until this invocation's end, or its whole cooldown or window if already marked STOPPING)"));
        Assert.Equal("ListTasks failed", line.GetProperty("cause").GetString());
    }

    [Fact]
    public async Task A_release_without_an_answer_gives_up_after_its_own_budget()
    {
        var lease = await _h.AcquireAsync();
        _h.Lock.Hangs.Add("Release");

        var release = _cleanup.ReleaseAfterFailureAsync(lease, Alarm, RemediatorHarness.Target, new InvalidOperationException("deadline"));
        await _h.Lock.Hangs.StartedAsync("Release");
        _h.Clock.Advance(Budgets.Cleanup - TimeSpan.FromMilliseconds(1));
        Assert.False(_h.Lock.Hangs.Ended("Release"));
        _h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_h.Lock.Hangs.Ended("Release"));
        await release;

        Assert.Single(_h.Lines("ERROR", "Failed before StopTask and could not release the lock (it holds until this invocation's end, or its whole cooldown or window if already marked STOPPING)"));
    }

    [Fact]
    public async Task Recording_without_an_answer_gives_up_after_its_own_budget_and_is_only_logged()
    {
        var lease = await _h.AcquireAsync();
        _h.Lock.Hangs.Add("Record");

        var record = _cleanup.RecordAsync(lease, StopOutcome.Stopped, "arn:task/b", freeNow: false, Alarm, RemediatorHarness.Target);
        await _h.Lock.Hangs.StartedAsync("Record");
        _h.Clock.Advance(Budgets.Cleanup - TimeSpan.FromMilliseconds(1));
        Assert.False(_h.Lock.Hangs.Ended("Record"));
        _h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_h.Lock.Hangs.Ended("Record"));
        await record;

        var line = Assert.Single(_h.Lines("ERROR", "Could not record the outcome on the lock item"));
        Assert.Equal("stopped", line.GetProperty("action").GetString());
    }
}
