using LambdaSuite.Common;
using LambdaSuite.Remediator.Aws.Ecs;
using LambdaSuite.Remediator.Aws.Ecs.Model;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;

namespace LambdaSuite.Remediator;

/// <summary>
/// The decision flow for one alarm: ignore non-ALARM states and stale events, resolve and allow-list
/// the service, take the lock, pick one task, mark the lock, stop it. Refusals and ignores touch no
/// AWS API; a lost lock costs one DynamoDB call (two where DynamoDB does not return the holder); a
/// failure or the deadline before StopTask gives the lock back, and a lock whose holder never got
/// that far stops holding when the holder's invocation ends.
/// </summary>
internal sealed class Remediation(RemediatorSettings settings, IEcsClient ecs, IRemediationLock locks, TimeProvider time, ILog log, IMetrics metrics)
{
    public const string Performed = "RemediationsPerformed";
    public const string Suppressed = "RemediationsSuppressed";
    public const string Refused = "RemediationsRefused";
    public const string Failed = "RemediationsFailed";
    public const string Guarded = "RemediationsGuarded";
    public const string DryRuns = "RemediationsDryRun";
    public const string InvalidEvents = "InvalidEvents";
    public const string StaleEvents = "StaleEvents";
    public const string Takeovers = "LockTakeovers";

    /// <summary>ECS rejects longer StopTask reasons.</summary>
    public const int MaxStopReasonLength = 255;

    private readonly TargetResolver _resolver = new(settings);
    private readonly RunningTasks _tasks = new(ecs, log);

    /// <param name="invocationDeadline">Lambda's deadline for this invocation: the lock's in-progress expiry.</param>
    /// <param name="deadline">Fires when the invocation must stop starting work: <paramref name="invocationDeadline"/> minus <see cref="RemediatorSettings.DeadlineMargin"/>.</param>
    public async Task<RemediationResult> RunAsync(AlarmEvent alarm, DateTimeOffset invocationDeadline, CancellationToken deadline)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        if (!alarm.IsAlarm)
        {
            log.Info("Alarm is not in ALARM; nothing to do", Props(alarm, "ignored"));
            return new RemediationResult(RemediationResult.Ignored, $"alarm state is {alarm.State}, not ALARM");
        }

        // Lambda may deliver an async event hours late (throttling, retries); by then the service may be healthy.
        var age = time.GetUtcNow() - alarm.Time;
        if (age > settings.MaxEventAge)
        {
            metrics.Add(StaleEvents, 1, MetricUnit.Count);
            var stale = $"event is {(long)age.TotalSeconds} s old (time {IsoTime.Format(alarm.Time)}), older than MAX_EVENT_AGE_SECONDS={(long)settings.MaxEventAge.TotalSeconds}";
            log.Warn("Stale event ignored", [.. Props(alarm, "ignored"), ("reason", stale)]);
            return new RemediationResult(RemediationResult.Ignored, stale);
        }

        var decision = _resolver.Resolve(alarm);
        if (!decision.Allowed)
        {
            metrics.Add(Refused, 1, MetricUnit.Count);
            log.Warn("Refused: " + decision.Reason, Props(alarm, "refused", decision.Requested));
            return new RemediationResult(RemediationResult.Refused, decision.Reason, decision.Requested?.Cluster, decision.Requested?.Service);
        }

        var target = decision.Requested!.Value;
        LockAttempt attempt;
        try
        {
            attempt = await locks.TryAcquireAsync(target, alarm, settings.DryRun, invocationDeadline, deadline).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Losing the race is not an exception; anything else (throttling after retries, a missing table) is.
            metrics.Add(Failed, 1, MetricUnit.Count);
            log.Error("Could not take the lock", e, Props(alarm, "failed", target));
            throw new RemediationFailedException(deadline.IsCancellationRequested
                ? $"DynamoDB lock for {target} could not be taken before the invocation deadline ({DeadlineText(invocationDeadline)})"
                : $"DynamoDB lock for {target} could not be taken: {e.Message}", e);
        }

        if (attempt.Lease is not { } lease)
        {
            metrics.Add(Suppressed, 1, MetricUnit.Count);
            var holder = attempt.HeldBy is null ? "another invocation" : $"alarm {attempt.HeldBy}";
            var reason = $"{target} was remediated recently: lock held by {holder}";
            log.Info("Suppressed by lock", [.. Props(alarm, "skipped", target), ("heldBy", attempt.HeldBy), ("lockExpiresAt", Iso(attempt.HeldUntil))]);
            return new RemediationResult(RemediationResult.Skipped, reason, target.Cluster, target.Service, null, Iso(attempt.HeldUntil)) { Suppressed = true };
        }

        if (lease.TakenOver is { } previous)
        {
            // Every takeover is audited: here, and on the item (takenOverFrom) when the outcome is recorded.
            metrics.Add(Takeovers, 1, MetricUnit.Count);
            log.Warn("Took over a lock whose holder ended before StopTask", [.. Props(alarm, "takeover", target), ("previousOwner", previous.Owner),
                ("previousAlarmName", previous.AlarmName), ("previousEventId", previous.EventId), ("previousAcquiredAt", previous.AcquiredAt),
                ("previousInProgressExpiresAt", Iso(previous.InProgressExpiredAt))]);
        }

        VictimChoice choice;
        try
        {
            choice = VictimSelector.Choose(await _tasks.ListAsync(target, deadline).ConfigureAwait(false), settings.MinRunningTasks, target.Service);
            // Past the deadline StopTask might be cut off mid-flight, and then the lock would have to stay.
            deadline.ThrowIfCancellationRequested();
        }
        catch (Exception e)
        {
            // Nothing was stopped: give the lock back so Lambda's retry (or the next alarm) can act.
            await ReleaseAfterFailureAsync(lease, alarm, target, e).ConfigureAwait(false);
            if (e is OperationCanceledException && deadline.IsCancellationRequested)
            {
                throw new RemediationFailedException($"Invocation deadline ({DeadlineText(invocationDeadline)}) reached before StopTask for {target}; nothing stopped, lock released", e);
            }

            throw;
        }

        if (choice.Task is null)
        {
            metrics.Add(Guarded, 1, MetricUnit.Count);
            log.Warn("Guard: not stopping any task", [.. Props(alarm, "skipped", target), ("reason", choice.Reason), ("running", choice.Running)]);
            await RecordQuietlyAsync(lease, LockOutcome.NothingToStop, null, freeNow: true, alarm, target).ConfigureAwait(false);
            return new RemediationResult(RemediationResult.Skipped, "guard: " + choice.Reason, target.Cluster, target.Service) { RunningTasksBefore = choice.Running };
        }

        var victim = choice.Task.TaskArn!;
        if (settings.DryRun)
        {
            metrics.Add(DryRuns, 1, MetricUnit.Count);
            log.Info("Dry run: would stop task", [.. Props(alarm, "dry-run", target), ("taskArn", victim), ("reason", choice.Reason)]);
            await RecordQuietlyAsync(lease, LockOutcome.DryRun, victim, freeNow: false, alarm, target).ConfigureAwait(false);
            return new RemediationResult(RemediationResult.DryRun, "would stop: " + choice.Reason, target.Cluster, target.Service, victim, Iso(lease.ExpiresAt)).WithTask(choice.Task, choice.Running);
        }

        try
        {
            // From here on a stop may happen, so the lock must hold for the cooldown even if this invocation dies.
            using var markBudget = CancellationTokenSource.CreateLinkedTokenSource(deadline);
            markBudget.CancelAfter(Budgets.Mark);
            await locks.MarkStoppingAsync(lease, victim, markBudget.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await ReleaseAfterFailureAsync(lease, alarm, target, e).ConfigureAwait(false);
            throw new RemediationFailedException($"DynamoDB lock for {target} could not be marked before StopTask (nothing stopped, lock released): {e.Message}", e);
        }

        try
        {
            await ecs.StopTaskAsync(new StopTaskRequest { Cluster = target.Cluster, Task = victim, Reason = StopReason(alarm) }, deadline).ConfigureAwait(false);
        }
        catch (AmazonEcsException e) when (ProvesNothingWasDone(e))
        {
            // ECS answered that it did not act, so the cooldown would protect nothing: free the lock, keep the audit.
            metrics.Add(Failed, 1, MetricUnit.Count);
            log.Error("StopTask rejected by ECS; lock freed", e, [.. Props(alarm, "failed", target), ("taskArn", victim)]);
            await RecordQuietlyAsync(lease, LockOutcome.StopRejected, victim, freeNow: true, alarm, target).ConfigureAwait(false);
            throw new RemediationFailedException($"ECS StopTask of {victim} in {target} was rejected (nothing stopped, lock freed): {e.Message}", e);
        }
        catch (Exception e)
        {
            // StopTask may have reached ECS, so the lock stays: a second stop is the failure we exist to prevent.
            metrics.Add(Failed, 1, MetricUnit.Count);
            log.Error("StopTask failed; lock kept", e, [.. Props(alarm, "failed", target), ("taskArn", victim)]);
            await RecordQuietlyAsync(lease, LockOutcome.StopFailed, victim, freeNow: false, alarm, target).ConfigureAwait(false);
            throw new RemediationFailedException($"ECS StopTask of {victim} in {target} failed: {e.Message}", e);
        }

        metrics.Add(Performed, 1, MetricUnit.Count);
        log.Info("Stopped task", [.. Props(alarm, "stopped", target), ("taskArn", victim), ("reason", choice.Reason), ("lockExpiresAt", Iso(lease.ExpiresAt))]);
        await RecordQuietlyAsync(lease, LockOutcome.Stopped, victim, freeNow: false, alarm, target).ConfigureAwait(false);
        return new RemediationResult(RemediationResult.Stopped, choice.Reason, target.Cluster, target.Service, victim, Iso(lease.ExpiresAt)).WithTask(choice.Task, choice.Running);
    }

    /// <summary>The reason ECS shows on the stopped task; names the alarm so an operator can trace it.</summary>
    public static string StopReason(AlarmEvent alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var reason = $"LambdaSuite Remediator: alarm {alarm.AlarmName} in ALARM (event {alarm.EventId})";
        return reason.Length <= MaxStopReasonLength ? reason : string.Concat(reason.AsSpan(0, MaxStopReasonLength - 3), "...");
    }

    /// <summary>
    /// Client errors that ECS returns only when it did not act. Each depends on the request alone, so
    /// an earlier attempt of the same call (retried after a timeout) would have been refused too.
    /// Throttling, 5xx, timeouts and anything unknown may hide an applied stop: those keep the lock.
    /// </summary>
    internal static bool ProvesNothingWasDone(AmazonEcsException e)
        => e.ErrorCode is "AccessDeniedException" or "InvalidParameterException" or "ClusterNotFoundException" or "ServiceNotFoundException" or "ClientException";

    private static string DeadlineText(DateTimeOffset invocationDeadline)
        => $"Lambda's deadline minus {RemediatorSettings.DeadlineMargin.TotalSeconds:0} s, {IsoTime.Format(invocationDeadline - RemediatorSettings.DeadlineMargin)}";

    private async Task ReleaseAfterFailureAsync(LockLease lease, AlarmEvent alarm, ServiceTarget target, Exception cause)
    {
        metrics.Add(Failed, 1, MetricUnit.Count);
        try
        {
            // Its own budget, not the deadline: this also runs after the deadline has fired.
            using var budget = new CancellationTokenSource(Budgets.Cleanup);
            await locks.ReleaseAsync(lease, budget.Token).ConfigureAwait(false);
            log.Error("Failed before StopTask; lock released", cause, Props(alarm, "failed", target));
        }
        catch (Exception releaseError)
        {
            // The original failure is the one to report; the lock then simply expires after the cooldown.
            log.Error("Failed before StopTask and could not release the lock (it expires after the cooldown)", releaseError,
                [.. Props(alarm, "failed", target), ("cause", cause.Message)]);
        }
    }

    private async Task RecordQuietlyAsync(LockLease lease, LockOutcome outcome, string? taskArn, bool freeNow, AlarmEvent alarm, ServiceTarget target)
    {
        try
        {
            using var budget = new CancellationTokenSource(Budgets.Cleanup);
            await locks.RecordAsync(lease, outcome, taskArn, freeNow, budget.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The decision is made and (maybe) acted on; a missing audit field must not turn it into a failure and a retry.
            log.Error("Could not record the outcome on the lock item", e, [.. Props(alarm, DynamoDbRemediationLock.OutcomeName(outcome), target)]);
        }
    }

    private static (string Key, object? Value)[] Props(AlarmEvent alarm, string action, ServiceTarget? target = null) =>
    [
        ("action", action),
        ("alarmName", alarm.AlarmName),
        ("alarmState", alarm.State),
        ("eventId", alarm.EventId),
        ("trigger", alarm.Source.ToString()),
        ("cluster", target?.Cluster),
        ("service", target?.Service),
    ];

    private static string? Iso(DateTimeOffset? value) => value is { } v ? IsoTime.Format(v) : null;
}
