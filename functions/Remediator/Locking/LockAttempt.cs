namespace LambdaSuite.Remediator.Locking;

/// <summary>Outcome of an acquire: a lease, or (when lost) whatever is known about the holder.</summary>
internal readonly record struct LockAttempt(LockLease? Lease, DateTimeOffset? HeldUntil, string? HeldBy);
