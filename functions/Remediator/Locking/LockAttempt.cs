namespace LambdaSuite.Remediator.Locking;

/// <summary>Outcome of an acquire: a lease, or (when lost) whatever is known about the holder.</summary>
/// <param name="HeldSince">When the holder took the item (its acquiredAt, by the holder's clock); null when unknown.</param>
internal readonly record struct LockAttempt(LockLease? Lease, DateTimeOffset? HeldUntil, string? HeldBy, DateTimeOffset? HeldSince = null);
