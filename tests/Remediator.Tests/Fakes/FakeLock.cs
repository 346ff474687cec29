using LambdaSuite.Remediator;

namespace Remediator.Tests.Fakes;

/// <summary>An in-memory lock with the same semantics as the DynamoDB one, and a log of calls.</summary>
internal sealed class FakeLock(TimeProvider time, TimeSpan cooldown) : IRemediationLock
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Owner, DateTimeOffset Expires)> _items = [];

    public List<string> Calls { get; } = [];

    public List<(LockOutcome Outcome, string? TaskArn, bool FreeNow)> Records { get; } = [];

    public Exception? ReleaseFailure { get; set; }

    public Exception? AcquireFailure { get; set; }

    public Task<LockAttempt> TryAcquireAsync(ServiceTarget target, AlarmEvent alarm, bool dryRun, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add("Acquire");
            if (AcquireFailure is not null)
            {
                throw AcquireFailure;
            }

            var key = DynamoDbRemediationLock.KeyFor(target, dryRun);
            var now = time.GetUtcNow();
            if (_items.TryGetValue(key, out var held) && held.Expires >= now)
            {
                return Task.FromResult(new LockAttempt(null, held.Expires, "held-by-test"));
            }

            var lease = new LockLease(key, Guid.NewGuid().ToString("N"), now + cooldown);
            _items[key] = (lease.Owner, lease.ExpiresAt);
            return Task.FromResult(new LockAttempt(lease, null, null));
        }
    }

    public Task RecordAsync(LockLease lease, LockOutcome outcome, string? taskArn, bool freeNow, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add("Record");
            Records.Add((outcome, taskArn, freeNow));
            if (freeNow && _items.TryGetValue(lease.Key, out var held) && held.Owner == lease.Owner)
            {
                _items[lease.Key] = (held.Owner, time.GetUtcNow().AddSeconds(-1));
            }

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

    public bool IsHeld(string key)
    {
        lock (_gate)
        {
            return _items.TryGetValue(key, out var held) && held.Expires >= time.GetUtcNow();
        }
    }
}
