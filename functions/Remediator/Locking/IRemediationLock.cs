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
    /// The same lock on another item of the table, <paramref name="key"/> (a fleet budget slot), held
    /// for <paramref name="hold"/> instead of the cooldown: the same conditional write, in-progress
    /// expiry, takeover and owner-conditioned writes after it.
    /// </summary>
    Task<LockAttempt> TryAcquireAsync(string key, TimeSpan hold, ServiceTarget target, AlarmEvent alarm, DateTimeOffset invocationDeadline, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a marker item under <paramref name="key"/> that holds until <paramref name="until"/>,
    /// unless one is held already: true when this call wrote it (a write of ours whose answer was
    /// lost counts as ours). Nothing is IN_PROGRESS here, so the marker is never taken over early.
    /// </summary>
    Task<bool> TryClaimAsync(string key, DateTimeOffset until, ServiceTarget target, AlarmEvent alarm, CancellationToken cancellationToken);

    /// <summary>
    /// Just before StopTask: from now on a stop may have happened, so the lock holds for a whole
    /// cooldown (the lease's hold) counted from here (the time spent finding the task does not shorten it). Returns the
    /// lease with that expiry.
    /// </summary>
    Task<LockLease> MarkStoppingAsync(LockLease lease, string taskArn, CancellationToken cancellationToken);

    /// <summary>Adds the audit trail (outcome, task) to our own item; <paramref name="freeNow"/> ends the cooldown at once.</summary>
    Task RecordAsync(LockLease lease, LockOutcome outcome, string? taskArn, bool freeNow, CancellationToken cancellationToken);

    /// <summary>Deletes our own item (nothing was stopped), so a retry can act.</summary>
    Task ReleaseAsync(LockLease lease, CancellationToken cancellationToken);
}
