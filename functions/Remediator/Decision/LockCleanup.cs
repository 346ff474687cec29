using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using static LambdaSuite.Remediator.Decision.AlarmLog;

namespace LambdaSuite.Remediator.Decision;

/// <summary>
/// The writes on our own lock item, and on our fleet budget slot when we hold one, after the
/// decision: giving them back, or recording the outcome. Each has its own short budget
/// (<see cref="Budgets.Cleanup"/>) on the clock rather than the invocation deadline, because it must
/// still run after that deadline has fired; the lock's and the slot's writes run side by side within
/// it. A failure is logged, never thrown over the error or result it follows.
/// </summary>
internal sealed class LockCleanup(IRemediationLock locks, TimeProvider time, ILog log, IMetrics metrics)
{
    /// <summary>Nothing was stopped: delete the item so Lambda's retry (or the next alarm) can act, and count the failure.</summary>
    public async Task ReleaseAfterFailureAsync(LockLease lease, AlarmEvent alarm, ServiceTarget target, Exception cause, LockLease? slot = null)
    {
        metrics.Add(RemediatorMetrics.Failed, 1, MetricUnit.Count);
        try
        {
            using var budget = new CancellationTokenSource(Budgets.Cleanup, time);
            await Task.WhenAll(Leases(lease, slot).Select(l => locks.ReleaseAsync(l, budget.Token))).ConfigureAwait(false);
            log.Error("Failed before StopTask; lock released", cause, [.. Props(alarm, "failed", target), ("fleetSlot", slot?.Key)]);
        }
        catch (Exception releaseError)
        {
            // The original failure is the one to report. A lock or slot still IN_PROGRESS stops holding when this
            // invocation ends; one whose mark landed before the failure holds its whole cooldown or window.
            log.Error("Failed before StopTask and could not release the lock (it holds until this invocation's end, or its whole cooldown or window if already marked STOPPING)", releaseError,
                [.. Props(alarm, "failed", target), ("cause", cause.Message), ("fleetSlot", slot?.Key)]);
        }
    }

    public async Task RecordAsync(LockLease lease, StopOutcome outcome, string? taskArn, bool freeNow, AlarmEvent alarm, ServiceTarget target, LockLease? slot = null)
    {
        try
        {
            using var budget = new CancellationTokenSource(Budgets.Cleanup, time);
            await Task.WhenAll(Leases(lease, slot).Select(l => locks.RecordAsync(l, outcome, taskArn, freeNow, budget.Token))).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The decision is made and (maybe) acted on; a missing audit field must not turn it into a failure and a retry.
            log.Error("Could not record the outcome on the lock item", e, [.. Props(alarm, outcome.Name(), target), ("fleetSlot", slot?.Key)]);
        }
    }

    private static LockLease[] Leases(LockLease lease, LockLease? slot) => slot is null ? [lease] : [lease, slot];
}
