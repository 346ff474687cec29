using LambdaSuite.Remediator.Alarms;
using LambdaSuite.Remediator.Aws;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.Remediator.Locking;

namespace Remediator.Tests.Fakes;

/// <summary>
/// An in-memory lock with the same semantics as the DynamoDB one (in-progress expiry included), a
/// log of calls, injectable failures and writes that hang until their token fires.
/// </summary>
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

    /// <summary>"MarkStopping", "Record" or "Release" wait for their token.</summary>
    public Hangs Hangs { get; } = new();

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

    public async Task<LockLease> MarkStoppingAsync(LockLease lease, string taskArn, CancellationToken cancellationToken)
    {
        await CallAsync("MarkStopping", MarkFailure, cancellationToken).ConfigureAwait(false);
        var expires = time.GetUtcNow() + cooldown;
        Update(lease, held => held with { InProgressUntil = null, Expires = expires });
        return lease with { ExpiresAt = expires };
    }

    public async Task RecordAsync(LockLease lease, LockOutcome outcome, string? taskArn, bool freeNow, CancellationToken cancellationToken)
    {
        await CallAsync("Record", null, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            Records.Add((outcome, taskArn, freeNow));
        }

        Update(lease, held => held with { InProgressUntil = null, Expires = freeNow ? time.GetUtcNow().AddSeconds(-1) : held.Expires });
    }

    public async Task ReleaseAsync(LockLease lease, CancellationToken cancellationToken)
    {
        await CallAsync("Release", ReleaseFailure, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_items.TryGetValue(lease.Key, out var held) && held.Owner == lease.Owner)
            {
                _items.Remove(lease.Key);
            }
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

    private async Task CallAsync(string operation, Exception? failure, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add(operation);
        }

        await Hangs.WaitIfHangingAsync(operation, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            throw failure;
        }
    }

    private void Update(LockLease lease, Func<Item, Item> change)
    {
        lock (_gate)
        {
            if (_items.TryGetValue(lease.Key, out var held) && held.Owner == lease.Owner)
            {
                _items[lease.Key] = change(held);
            }
        }
    }

    /// <param name="InProgressUntil">Set while IN_PROGRESS; null once a stop was marked or the outcome recorded.</param>
    private sealed record Item(string Owner, DateTimeOffset Expires, DateTimeOffset? InProgressUntil);
}
