using LambdaSuite.Common;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using static LambdaSuite.Remediator.Decision.AlarmLog;

namespace LambdaSuite.Remediator.Decision;

/// <summary>
/// The decision for one alarm, up to the lock: ignore non-ALARM states and stale events, resolve
/// and allow-list the service, take the lock (<see cref="StopUnderLock"/> does the rest). Refusals
/// and ignores touch no AWS API; a lost lock costs one DynamoDB call (two where DynamoDB does not
/// return the holder).
/// </summary>
internal sealed class Remediation(RemediatorSettings settings, IEcsClient ecs, IRemediationLock locks, TimeProvider time, ILog log, IMetrics metrics)
{
    private readonly TargetResolver _resolver = new(settings);
    private readonly StopUnderLock _stop = new(settings, ecs, locks, time, log, metrics);

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
            metrics.Add(RemediatorMetrics.StaleEvents, 1, MetricUnit.Count);
            var stale = $"event is {(long)age.TotalSeconds} s old (time {IsoTime.Format(alarm.Time)}), older than MAX_EVENT_AGE_SECONDS={(long)settings.MaxEventAge.TotalSeconds}";
            log.Warn("Stale event ignored", [.. Props(alarm, "ignored"), ("reason", stale)]);
            return new RemediationResult(RemediationResult.Ignored, stale);
        }

        var decision = _resolver.Resolve(alarm);
        if (!decision.Allowed)
        {
            metrics.Add(RemediatorMetrics.Refused, 1, MetricUnit.Count);
            log.Warn("Refused: " + decision.Reason, Props(alarm, "refused", decision.Requested));
            return new RemediationResult(RemediationResult.Refused, decision.Reason, decision.Requested?.Cluster, decision.Requested?.Service);
        }

        var target = decision.Requested!.Value;
        var attempt = await AcquireAsync(alarm, target, invocationDeadline, deadline).ConfigureAwait(false);
        if (attempt.Lease is not { } lease)
        {
            metrics.Add(RemediatorMetrics.Suppressed, 1, MetricUnit.Count);
            var holder = attempt.HeldBy is null ? "another invocation" : $"alarm {attempt.HeldBy}";
            log.Info("Suppressed by lock", [.. Props(alarm, "skipped", target), ("heldBy", attempt.HeldBy), ("lockExpiresAt", Iso(attempt.HeldUntil))]);
            return new RemediationResult(RemediationResult.Skipped, $"{target} was remediated recently: lock held by {holder}", target.Cluster, target.Service, null, Iso(attempt.HeldUntil))
            {
                Suppressed = true,
            };
        }

        if (lease.TakenOver is { } previous)
        {
            // Every takeover is audited: here, and on the item (takenOverFrom) when the outcome is recorded.
            metrics.Add(RemediatorMetrics.Takeovers, 1, MetricUnit.Count);
            log.Warn("Took over a lock whose holder ended before StopTask", [.. Props(alarm, "takeover", target), ("previousOwner", previous.Owner),
                ("previousAlarmName", previous.AlarmName), ("previousEventId", previous.EventId), ("previousAcquiredAt", previous.AcquiredAt),
                ("previousInProgressExpiresAt", Iso(previous.InProgressExpiredAt))]);
        }

        return await _stop.RunAsync(alarm, target, lease, invocationDeadline, deadline).ConfigureAwait(false);
    }

    private async Task<LockAttempt> AcquireAsync(AlarmEvent alarm, ServiceTarget target, DateTimeOffset invocationDeadline, CancellationToken deadline)
    {
        try
        {
            return await locks.TryAcquireAsync(target, alarm, settings.DryRun, invocationDeadline, deadline).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Losing the race is not an exception; anything else (throttling after retries, a missing table) is.
            metrics.Add(RemediatorMetrics.Failed, 1, MetricUnit.Count);
            log.Error("Could not take the lock", e, Props(alarm, "failed", target));
            throw new RemediationFailedException(deadline.IsCancellationRequested
                ? $"DynamoDB lock for {target} could not be taken before the invocation deadline ({DeadlineText(invocationDeadline, settings.DeadlineMargin)})"
                : $"DynamoDB lock for {target} could not be taken: {e.Message}", e);
        }
    }
}
