using LambdaSuite.Remediator.Aws;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.Remediator.Model;

namespace Remediator.Tests.Fakes;

/// <summary>
/// An in-memory lock with the same semantics as the DynamoDB one (in-progress expiry included), a
/// log of calls, injectable failures and writes that hang until their token fires. Calls on the
/// fleet budget's items (slots, the brake's marker) are logged apart from those on service locks.
/// </summary>
internal sealed class FakeLock(TimeProvider time, TimeSpan cooldown) : IRemediationLock
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Item> _items = [];
    private readonly Dictionary<string, (DateTimeOffset SpentSince, string Owner)> _claims = [];

    /// <summary>Calls on service lock items.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>Calls on fleet budget items, with their key: ("Acquire", "FLEET#prod#SLOT#0").</summary>
    public List<(string Operation, string Key)> FleetCalls { get; } = [];

    public List<(StopOutcome Outcome, string? TaskArn, bool FreeNow)> Records { get; } = [];

    public List<(string Key, StopOutcome Outcome, string? TaskArn, bool FreeNow)> FleetRecords { get; } = [];

    /// <summary>Thrown by acquires of fleet budget slots.</summary>
    public Exception? FleetFailure { get; set; }

    /// <summary>Thrown by claims of the brake's marker.</summary>
    public Exception? ClaimFailure { get; set; }

    public List<DateTimeOffset> InvocationDeadlines { get; } = [];

    public List<DateTimeOffset> FleetInvocationDeadlines { get; } = [];

    public Exception? ReleaseFailure { get; set; }

    public Exception? AcquireFailure { get; set; }

    public Exception? MarkFailure { get; set; }

    /// <summary>"MarkStopping", "Record" or "Release" wait for their token.</summary>
    public Hangs Hangs { get; } = new();

    /// <summary>Runs (once) when a fleet budget slot is about to be marked, before the mark applies: what happens meanwhile elsewhere.</summary>
    public Func<Task>? BeforeSlotMark { get; set; }

    public Task<LockAttempt> TryAcquireAsync(ServiceTarget target, AlarmEvent alarm, bool dryRun, DateTimeOffset invocationDeadline, CancellationToken cancellationToken)
        => TryAcquireAsync(DynamoDbRemediationLock.KeyFor(target, dryRun), cooldown, target, alarm, invocationDeadline, cancellationToken);

    public Task<LockAttempt> TryAcquireAsync(string key, TimeSpan hold, ServiceTarget target, AlarmEvent alarm, DateTimeOffset invocationDeadline, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Log("Acquire", key);
            (IsFleet(key) ? FleetInvocationDeadlines : InvocationDeadlines).Add(invocationDeadline);
            if ((IsFleet(key) ? FleetFailure : AcquireFailure) is { } failure)
            {
                throw failure;
            }

            var now = time.GetUtcNow();
            LockTakeover? takeover = null;
            if (_items.TryGetValue(key, out var held))
            {
                var abandoned = held.InProgressUntil is { } until && until < now;
                if (held.Expires >= now && !abandoned)
                {
                    return Task.FromResult(new LockAttempt(null, held.Expires, "held-by-test", held.Acquired));
                }

                takeover = held.InProgressUntil is not null ? new LockTakeover(held.Owner, "previous-alarm", null, null, held.InProgressUntil) : null;
            }

            var lease = new LockLease(key, Guid.NewGuid().ToString("N"), now + hold, takeover, hold);
            _items[key] = new Item(lease.Owner, lease.ExpiresAt, invocationDeadline, now);
            return Task.FromResult(new LockAttempt(lease, null, null));
        }
    }

    /// <summary>As the DynamoDB marker: claimed for a later engagement only, and a claim of the same alarm event is its own.</summary>
    public Task<bool> TryClaimAsync(string key, DateTimeOffset spentSince, DateTimeOffset until, ServiceTarget target, AlarmEvent alarm, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Log("Claim", key);
            if (ClaimFailure is not null)
            {
                throw ClaimFailure;
            }

            if (_claims.TryGetValue(key, out var claimed) && claimed.SpentSince >= spentSince)
            {
                return Task.FromResult(claimed.SpentSince == spentSince && claimed.Owner == alarm.EventId);
            }

            _claims[key] = (spentSince, alarm.EventId);
            return Task.FromResult(true);
        }
    }

    public async Task<LockLease> MarkStoppingAsync(LockLease lease, string taskArn, CancellationToken cancellationToken)
    {
        await CallAsync("MarkStopping", lease.Key, MarkFailure, cancellationToken).ConfigureAwait(false);
        if (IsFleet(lease.Key) && BeforeSlotMark is { } meanwhile)
        {
            BeforeSlotMark = null;
            await meanwhile().ConfigureAwait(false);
        }

        var expires = time.GetUtcNow() + (lease.Hold ?? cooldown);
        Update(lease, held => held with { InProgressUntil = null, Expires = expires });
        return lease with { ExpiresAt = expires };
    }

    public async Task RecordAsync(LockLease lease, StopOutcome outcome, string? taskArn, bool freeNow, CancellationToken cancellationToken)
    {
        await CallAsync("Record", lease.Key, null, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (IsFleet(lease.Key))
            {
                FleetRecords.Add((lease.Key, outcome, taskArn, freeNow));
            }
            else
            {
                Records.Add((outcome, taskArn, freeNow));
            }
        }

        Update(lease, held => held with { InProgressUntil = null, Expires = freeNow ? time.GetUtcNow().AddSeconds(-1) : held.Expires });
    }

    public async Task ReleaseAsync(LockLease lease, CancellationToken cancellationToken)
    {
        await CallAsync("Release", lease.Key, ReleaseFailure, cancellationToken).ConfigureAwait(false);
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

    private static bool IsFleet(string key) => key.Contains("FLEET#", StringComparison.Ordinal);

    private void Log(string operation, string key)
    {
        if (IsFleet(key))
        {
            FleetCalls.Add((operation, key));
        }
        else
        {
            Calls.Add(operation);
        }
    }

    private async Task CallAsync(string operation, string key, Exception? failure, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Log(operation, key);
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
    /// <param name="Acquired">When the holder took it (acquiredAt).</param>
    private sealed record Item(string Owner, DateTimeOffset Expires, DateTimeOffset? InProgressUntil, DateTimeOffset Acquired);
}
