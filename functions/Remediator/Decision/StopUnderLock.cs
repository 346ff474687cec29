using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using static LambdaSuite.Remediator.Decision.AlarmLog;

namespace LambdaSuite.Remediator.Decision;

/// <summary>
/// With the lock held: pick one task (<see cref="VictimSelector"/>), take a fleet budget slot
/// (<see cref="FleetBrake"/>; every slot held: the brake holds), mark the lock and the slot, stop the
/// task, record the outcome on both. A failure or the deadline before StopTask gives both back; once
/// StopTask may have reached ECS the lock holds for the whole cooldown and the slot for the whole
/// window, unless ECS's answer proves it did nothing.
/// </summary>
internal sealed class StopUnderLock(RemediatorSettings settings, IEcsClient ecs, IRemediationLock locks, TimeProvider time, ILog log, IMetrics metrics)
{
    private readonly ServiceTasks _tasks = new(ecs, log);
    private readonly LockCleanup _cleanup = new(locks, time, log, metrics);
    private readonly FleetBrake _brake = new(settings, locks, time, log, metrics);

    public async Task<RemediationResult> RunAsync(AlarmEvent alarm, ServiceTarget target, LockLease lease, DateTimeOffset invocationDeadline, CancellationToken deadline)
    {
        VictimChoice choice;
        LockLease? slot = null;
        SpentBudget? spent = null;
        try
        {
            choice = VictimSelector.Choose(await _tasks.ListRunningAsync(target, deadline).ConfigureAwait(false), settings.MinRunningTasks, target.Service);
            // Only a stop spends the budget: a guard hit takes no slot, so it never holds off another service.
            if (choice.Task is not null && _brake.Enabled)
            {
                (slot, spent) = await _brake.TakeSlotAsync(alarm, target, invocationDeadline, deadline).ConfigureAwait(false);
            }

            // Past the deadline StopTask might be cut off mid-flight, and then the lock would have to stay.
            deadline.ThrowIfCancellationRequested();
        }
        catch (Exception e)
        {
            await _cleanup.ReleaseAfterFailureAsync(lease, alarm, target, e, slot).ConfigureAwait(false);
            if (e is OperationCanceledException && deadline.IsCancellationRequested)
            {
                throw new RemediationFailedException($"Invocation deadline ({DeadlineText(invocationDeadline, settings.DeadlineMargin)}) reached before StopTask for {target}; nothing stopped, lock released", e);
            }

            throw;
        }

        if (choice.Task is null)
        {
            metrics.Add(RemediatorMetrics.Guarded, 1, MetricUnit.Count);
            log.Warn("Guard: not stopping any task", [.. Props(alarm, "skipped", target), ("reason", choice.Reason), ("running", choice.Running)]);
            await _cleanup.RecordAsync(lease, StopOutcome.NothingToStop, null, freeNow: true, alarm, target).ConfigureAwait(false);
            return new RemediationResult(RemediationResult.Skipped, "guard: " + choice.Reason, target.Cluster, target.Service) { RunningTasksBefore = choice.Running };
        }

        if (spent is { } budget)
        {
            return await _brake.HoldAsync(alarm, target, lease, budget, choice.Running, _cleanup, deadline).ConfigureAwait(false);
        }

        var victim = choice.Task.TaskArn!;
        if (settings.DryRun)
        {
            metrics.Add(RemediatorMetrics.DryRuns, 1, MetricUnit.Count);
            log.Info(FleetLogMessages.DryRun, [.. Props(alarm, "dry-run", target), ("taskArn", victim), ("reason", choice.Reason), ("fleetSlot", slot?.Key)]);
            await _cleanup.RecordAsync(lease, StopOutcome.DryRun, victim, freeNow: false, alarm, target, slot).ConfigureAwait(false);
            return new RemediationResult(RemediationResult.DryRun, "would stop: " + choice.Reason, target.Cluster, target.Service, victim, Iso(lease.ExpiresAt)).WithTask(choice.Task, choice.Running);
        }

        lease = await MarkAsync(alarm, target, lease, slot, victim, deadline).ConfigureAwait(false);
        try
        {
            await _tasks.StopAsync(target, victim, StopReason(alarm), deadline).ConfigureAwait(false);
        }
        catch (Exception e) when (ServiceTasks.ProvesNothingWasDone(e))
        {
            // ECS answered that it did not act, so the cooldown would protect nothing: free the lock, keep the audit.
            metrics.Add(RemediatorMetrics.Failed, 1, MetricUnit.Count);
            log.Error("StopTask rejected by ECS; lock freed", e, [.. Props(alarm, "failed", target), ("taskArn", victim)]);
            await _cleanup.RecordAsync(lease, StopOutcome.StopRejected, victim, freeNow: true, alarm, target, slot).ConfigureAwait(false);
            throw new RemediationFailedException($"ECS StopTask of {victim} in {target} was rejected (nothing stopped, lock freed): {e.Message}", e);
        }
        catch (Exception e)
        {
            // StopTask may have reached ECS, so the lock stays: a second stop is the failure we exist to prevent.
            metrics.Add(RemediatorMetrics.Failed, 1, MetricUnit.Count);
            log.Error("StopTask failed; lock kept", e, [.. Props(alarm, "failed", target), ("taskArn", victim)]);
            await _cleanup.RecordAsync(lease, StopOutcome.StopFailed, victim, freeNow: false, alarm, target, slot).ConfigureAwait(false);
            throw new RemediationFailedException($"ECS StopTask of {victim} in {target} failed: {e.Message}", e);
        }

        metrics.Add(RemediatorMetrics.Performed, 1, MetricUnit.Count);
        log.Info(FleetLogMessages.Stopped, [.. Props(alarm, "stopped", target), ("taskArn", victim), ("reason", choice.Reason), ("lockExpiresAt", Iso(lease.ExpiresAt)), ("fleetSlot", slot?.Key)]);
        await _cleanup.RecordAsync(lease, StopOutcome.Stopped, victim, freeNow: false, alarm, target, slot).ConfigureAwait(false);
        return new RemediationResult(RemediationResult.Stopped, choice.Reason, target.Cluster, target.Service, victim, Iso(lease.ExpiresAt)).WithTask(choice.Task, choice.Running);
    }

    /// <summary>The reason ECS shows on the stopped task; names the alarm so an operator can trace it.</summary>
    public static string StopReason(AlarmEvent alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        return $"LambdaSuite Remediator: alarm {alarm.AlarmName} in ALARM (event {alarm.EventId})";
    }

    /// <summary>
    /// From here on a stop may happen, so the lock must hold for the cooldown, and the slot for the
    /// window, even if this invocation dies. Both marks run side by side within one cap.
    /// </summary>
    private async Task<LockLease> MarkAsync(AlarmEvent alarm, ServiceTarget target, LockLease lease, LockLease? slot, string victim, CancellationToken deadline)
    {
        try
        {
            // Its own cap within the deadline, both on the clock (CancelAfter on the linked source would use the system's).
            using var cap = new CancellationTokenSource(Budgets.Mark, time);
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(deadline, cap.Token);
            var marked = locks.MarkStoppingAsync(lease, victim, budget.Token);
            await Task.WhenAll(slot is null ? [marked] : [marked, locks.MarkStoppingAsync(slot, victim, budget.Token)]).ConfigureAwait(false);
            return await marked.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await _cleanup.ReleaseAfterFailureAsync(lease, alarm, target, e, slot).ConfigureAwait(false);
            throw new RemediationFailedException($"DynamoDB lock for {target} could not be marked before StopTask (nothing stopped, lock released): {e.Message}", e);
        }
    }
}
