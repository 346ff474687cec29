namespace LambdaSuite.Remediator.Locking;

/// <summary>A lock this invocation holds on one item (a service, or a fleet budget slot) until <see cref="ExpiresAt"/>.</summary>
/// <param name="Owner">This acquire's own token: every later write on the item is conditioned on it.</param>
/// <param name="TakenOver">The holder this acquire replaced while it was still IN_PROGRESS (it never reached StopTask), for the audit.</param>
/// <param name="Hold">How long the item holds from the acquire and again from the STOPPING mark; null: the lock's cooldown.</param>
internal sealed record LockLease(string Key, string Owner, DateTimeOffset ExpiresAt, LockTakeover? TakenOver = null, TimeSpan? Hold = null);
