namespace LambdaSuite.Remediator;

/// <summary>A lock this invocation holds on one service until <see cref="ExpiresAt"/>.</summary>
internal sealed record LockLease(string Key, string Owner, DateTimeOffset ExpiresAt);

/// <summary>Outcome of an acquire: a lease, or (when lost) whatever is known about the holder.</summary>
internal readonly record struct LockAttempt(LockLease? Lease, DateTimeOffset? HeldUntil, string? HeldBy);

/// <summary>
/// At most one remediation per service per cooldown, across concurrent invocations. Modelled on an
/// idempotency record, but keyed by the service rather than by the event, because different alarms
/// (and retries with new event ids) for one service must also be held off.
/// </summary>
internal interface IRemediationLock
{
    /// <summary>One conditional write. Losing is not an error: the lease is null.</summary>
    Task<LockAttempt> TryAcquireAsync(ServiceTarget target, AlarmEvent alarm, bool dryRun, CancellationToken cancellationToken);

    /// <summary>Adds the audit trail (outcome, task) to our own item; <paramref name="freeNow"/> ends the cooldown at once.</summary>
    Task RecordAsync(LockLease lease, LockOutcome outcome, string? taskArn, bool freeNow, CancellationToken cancellationToken);

    /// <summary>Deletes our own item (nothing was stopped), so a retry can act.</summary>
    Task ReleaseAsync(LockLease lease, CancellationToken cancellationToken);
}

internal enum LockOutcome
{
    Stopped,
    DryRun,
    NothingToStop,
    StopFailed,

    /// <summary>ECS refused StopTask with an error that proves it did nothing (access denied, bad parameter, not found).</summary>
    StopRejected,
}
