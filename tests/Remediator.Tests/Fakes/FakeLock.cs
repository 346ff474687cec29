using LambdaSuite.Remediator;

namespace Remediator.Tests.Fakes;

/// <summary>An in-memory lock with the same semantics as the DynamoDB one (in-progress expiry included), and a log of calls.</summary>
internal sealed class FakeLock(TimeProvider time, TimeSpan cooldown) : IRemediationLock
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Item> _items = [];

    public List<string> Calls { get; } = [];

    public List<(LockOutcome Outcome, string? TaskArn, bool FreeNow)> Records { get; } = [];

    public List<DateTimeOffset> InvocationDeadlines { get; } = [];

    public Exception? ReleaseFailure { get; set; }

    public Exception? AcquireFailure { get; set; }

    public Exception? MarkFailure { get; set; }

    public Task<LockAttempt> TryAcquireAsync(ServiceTarget target, AlarmEvent alarm, bool dryRun, DateTimeOffset invocationDeadline, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add("Acquire");
            InvocationDeadlines.Add(invocationDeadline);
            if (AcquireFailure is not null)
            {
                throw AcquireFailure;
            }

            var key = DynamoDbRemediationLock.KeyFor(target, dryRun);
            var now = time.GetUtcNow();
            LockTakeover? takeover = null;
            if (_items.TryGetValue(key, out var held))
            {
                var abandoned = held.InProgressUntil is { } until && until < now;
                if (held.Expires >= now && !abandoned)
                {
                    return Task.FromResult(new LockAttempt(null, held.Expires, "held-by-test"));
                }

                takeover = held.InProgressUntil is not null ? new LockTakeover(held.Owner, "previous-alarm", null, null, held.InProgressUntil) : null;
            }

            var lease = new LockLease(key, Guid.NewGuid().ToString("N"), now + cooldown, takeover);
            _items[key] = new Item(lease.Owner, lease.ExpiresAt, invocationDeadline);
            return Task.FromResult(new LockAttempt(lease, null, null));
        }
    }

    public Task MarkStoppingAsync(LockLease lease, string taskArn, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add("MarkStopping");
            if (MarkFailure is not null)
            {
                throw MarkFailure;
            }

            Update(lease, held => held with { InProgressUntil = null });
            return Task.CompletedTask;
        }
    }

    public Task RecordAsync(LockLease lease, LockOutcome outcome, string? taskArn, bool freeNow, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add("Record");
            Records.Add((outcome, taskArn, freeNow));
            Update(lease, held => held with { InProgressUntil = null, Expires = freeNow ? time.GetUtcNow().AddSeconds(-1) : held.Expires });
            return Task.CompletedTask;
        }
    }

    public Task ReleaseAsync(LockLease lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add("Release");
            if (ReleaseFailure is not null)
            {
                throw ReleaseFailure;
            }

            if (_items.TryGetValue(lease.Key, out var held) && held.Owner == lease.Owner)
            {
                _items.Remove(lease.Key);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Held now: within its cooldown, and not an IN_PROGRESS item past its in-progress expiry.</summary>
    public bool IsHeld(string key)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            return _items.TryGetValue(key, out var held) && held.Expires >= now && !(held.InProgressUntil is { } until && until < now);
        }
    }

    private void Update(LockLease lease, Func<Item, Item> change)
    {
        if (_items.TryGetValue(lease.Key, out var held) && held.Owner == lease.Owner)
        {
            _items[lease.Key] = change(held);
        }
    }

    /// <param name="InProgressUntil">Set while IN_PROGRESS; null once a stop was marked or the outcome recorded.</param>
    private sealed record Item(string Owner, DateTimeOffset Expires, DateTimeOffset? InProgressUntil);
}
