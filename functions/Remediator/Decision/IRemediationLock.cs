using LambdaSuite.Remediator.Model;

namespace LambdaSuite.Remediator.Decision;

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
    /// Writes the marker item under <paramref name="key"/> for the engagement that began at
    /// <paramref name="spentSince"/>, unless the marker names that engagement or a later one: true
    /// when this call wrote it (a write for the same alarm event, one whose answer was lost or one of
    /// an earlier attempt of this event, counts as ours). Time never frees the marker, and nothing is
    /// IN_PROGRESS, so an engagement is marked once however long it lasts; <paramref name="until"/>
    /// (when the brake was expected to release) is kept for the audit and the item's TTL.
    /// </summary>
    Task<bool> TryClaimAsync(string key, DateTimeOffset spentSince, DateTimeOffset until, ServiceTarget target, AlarmEvent alarm, CancellationToken cancellationToken);

    /// <summary>
    /// Just before StopTask: from now on a stop may have happened, so the lock holds for a whole
    /// cooldown (the lease's hold) counted from here (the time spent finding the task does not shorten it). Returns the
    /// lease with that expiry.
    /// </summary>
    Task<LockLease> MarkStoppingAsync(LockLease lease, string taskArn, CancellationToken cancellationToken);

    /// <summary>Adds the audit trail (outcome, task) to our own item; <paramref name="freeNow"/> ends the cooldown at once.</summary>
    Task RecordAsync(LockLease lease, StopOutcome outcome, string? taskArn, bool freeNow, CancellationToken cancellationToken);

    /// <summary>Deletes our own item (nothing was stopped), so a retry can act.</summary>
    Task ReleaseAsync(LockLease lease, CancellationToken cancellationToken);
}

/// <summary>Outcome of an acquire: a lease, or (when lost) whatever is known about the holder.</summary>
/// <param name="HeldSince">When the holder took the item (its acquiredAt, by the holder's clock); null when unknown.</param>
internal readonly record struct LockAttempt(LockLease? Lease, DateTimeOffset? HeldUntil, string? HeldBy, DateTimeOffset? HeldSince = null);

/// <summary>A lock this invocation holds on one item (a service, or a fleet budget slot) until <see cref="ExpiresAt"/>.</summary>
/// <param name="Owner">This acquire's own token: every later write on the item is conditioned on it.</param>
/// <param name="TakenOver">The holder this acquire replaced while it was still IN_PROGRESS (it never reached StopTask), for the audit.</param>
/// <param name="Hold">How long the item holds from the acquire and again from the STOPPING mark; null: the lock's cooldown.</param>
internal sealed record LockLease(string Key, string Owner, DateTimeOffset ExpiresAt, LockTakeover? TakenOver = null, TimeSpan? Hold = null);

/// <summary>Who held an IN_PROGRESS lock whose in-progress expiry had passed when it was taken over.</summary>
internal sealed record LockTakeover(string? Owner, string? AlarmName, string? EventId, string? AcquiredAt, DateTimeOffset? InProgressExpiredAt);

/// <summary>
/// How the attempt to stop a task under the lock ended, recorded on the lock item (its <c>outcome</c>
/// and <c>status</c>) for the audit trail.
/// </summary>
internal enum StopOutcome
{
    Stopped,
    DryRun,
    NothingToStop,
    StopFailed,

    /// <summary>ECS refused StopTask with an error that proves it did nothing (access denied, bad parameter, not found).</summary>
    StopRejected,

    /// <summary>The fleet brake held the stop: the budget of the cluster was spent.</summary>
    Held,
}

/// <summary>The outcome as written on the lock item and in log lines.</summary>
internal static class StopOutcomeNames
{
    public static string Name(this StopOutcome outcome) => outcome switch
    {
        StopOutcome.Stopped => "stopped",
        StopOutcome.DryRun => "dry-run",
        StopOutcome.NothingToStop => "nothing-to-stop",
        StopOutcome.StopRejected => "stop-rejected",
        StopOutcome.Held => "held",
        _ => "stop-failed",
    };

    /// <summary>FAILED when the stop failed or was rejected, COMPLETED otherwise.</summary>
    public static string Status(this StopOutcome outcome) => outcome is StopOutcome.StopFailed or StopOutcome.StopRejected ? "FAILED" : "COMPLETED";
}
