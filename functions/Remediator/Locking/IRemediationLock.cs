using LambdaSuite.Remediator.Alarms;
using LambdaSuite.Remediator.Decision;

namespace LambdaSuite.Remediator.Locking;

/// <summary>
/// At most one remediation per service per cooldown, across concurrent invocations. Modelled on an
/// idempotency record (IN_PROGRESS with an in-progress expiry, then a final state), but keyed by the
/// service rather than by the event, because different alarms (and retries with new event ids) for
/// one service must also be held off.
/// </summary>
internal interface IRemediationLock
{
    /// <summary>
    /// One conditional write (plus one consistent read when DynamoDB does not return the item that
    /// failed the condition). Losing is not an error: the lease is null. The lock is IN_PROGRESS until
    /// <paramref name="invocationDeadline"/>, when the invocation is over: if it never got to
    /// <see cref="MarkStoppingAsync"/> by then, the next acquire may take the lock over.
    /// </summary>
    Task<LockAttempt> TryAcquireAsync(ServiceTarget target, AlarmEvent alarm, bool dryRun, DateTimeOffset invocationDeadline, CancellationToken cancellationToken);

    /// <summary>
    /// Just before StopTask: from now on a stop may have happened, so the lock holds for a whole
    /// cooldown counted from here (the time spent finding the task does not shorten it). Returns the
    /// lease with that expiry.
    /// </summary>
    Task<LockLease> MarkStoppingAsync(LockLease lease, string taskArn, CancellationToken cancellationToken);

    /// <summary>Adds the audit trail (outcome, task) to our own item; <paramref name="freeNow"/> ends the cooldown at once.</summary>
    Task RecordAsync(LockLease lease, LockOutcome outcome, string? taskArn, bool freeNow, CancellationToken cancellationToken);

    /// <summary>Deletes our own item (nothing was stopped), so a retry can act.</summary>
    Task ReleaseAsync(LockLease lease, CancellationToken cancellationToken);
}
