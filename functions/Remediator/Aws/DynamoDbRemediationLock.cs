using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LambdaSuite.Common;
using LambdaSuite.Common.Aws;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.Remediator.Model;
using static LambdaSuite.Remediator.Aws.LockItem;

namespace LambdaSuite.Remediator.Aws;

/// <summary>
/// The lock as one DynamoDB item per service: <c>PK = LOCK#cluster#service</c> (dry runs use
/// <c>DRYRUN#…</c>, so a rehearsal never holds off a real remediation); the fleet budget's slots and
/// its brake marker are items of the same kind under their own keys (<see cref="FleetKeys"/>).
/// Acquire is a PutItem that succeeds when no item exists, its <c>expiresAt</c> has passed, or it is
/// still IN_PROGRESS after its in-progress expiry (the holder's invocation ended before StopTask).
/// Later writes are conditioned on our owner token so a slow invocation never touches a successor's item.
/// </summary>
internal sealed class DynamoDbRemediationLock(IAmazonDynamoDB dynamo, string tableName, TimeSpan cooldown, TimeProvider time) : IRemediationLock
{
    /// <summary>How long an item outlives its cooldown (DynamoDB TTL deletes it then): a week of audit trail.</summary>
    public static readonly TimeSpan AuditRetention = TimeSpan.FromDays(7);

    public const string InProgress = "IN_PROGRESS";
    public const string Stopping = "STOPPING";

    /// <summary>The status of a marker item (<see cref="TryClaimAsync"/>): never IN_PROGRESS, so never taken over early.</summary>
    public const string Claimed = "CLAIMED";

    public const string AcquireCondition = "attribute_not_exists(PK) OR expiresAt <= :now OR (#status = :inProgress AND inProgressExpiresAtMs < :nowMs)";

    /// <summary>A marker is claimed for a later engagement only: never by time, so never twice for one engagement.</summary>
    public const string ClaimCondition = "attribute_not_exists(PK) OR spentSinceMs < :spentSinceMs";

    public Task<LockAttempt> TryAcquireAsync(ServiceTarget target, AlarmEvent alarm, bool dryRun, DateTimeOffset invocationDeadline, CancellationToken cancellationToken)
        => AcquireAsync(KeyFor(target, dryRun), null, target, alarm, invocationDeadline, cancellationToken);

    public Task<LockAttempt> TryAcquireAsync(string key, TimeSpan hold, ServiceTarget target, AlarmEvent alarm, DateTimeOffset invocationDeadline, CancellationToken cancellationToken)
        => AcquireAsync(key, hold, target, alarm, invocationDeadline, cancellationToken);

    public async Task<bool> TryClaimAsync(string key, DateTimeOffset spentSince, DateTimeOffset until, ServiceTarget target, AlarmEvent alarm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var now = time.GetUtcNow();
        // The owner is the alarm event's, not this call's: Lambda's retry of an invocation that died
        // (or failed) after its claim landed finds the marker its own, and still answers firstHeld.
        var lease = new LockLease(key, "event:" + alarm.EventId + "#" + alarm.AlarmName, CeilingToSecond(until));
        var item = NewItem(lease, now, target, alarm);
        item["status"] = S(Claimed);
        item["spentSinceMs"] = N(spentSince.ToUnixTimeMilliseconds());
        var condition = new Condition(ClaimCondition, null, new() { [":spentSinceMs"] = N(spentSince.ToUnixTimeMilliseconds()) });
        return (await PutIfFreeAsync(lease, item, condition, cancellationToken).ConfigureAwait(false)).Won;
    }

    private async Task<LockAttempt> AcquireAsync(string key, TimeSpan? hold, ServiceTarget target, AlarmEvent alarm, DateTimeOffset invocationDeadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        // Whole seconds, the unit of expiresAt, rounded up: the cooldown is never shorter than
        // configured, and the time reported (to this holder and to whoever it holds off) is the
        // moment the acquire condition lets the next alarm in.
        var now = time.GetUtcNow();
        var lease = new LockLease(key, Guid.NewGuid().ToString("N"), CeilingToSecond(now + (hold ?? cooldown)), Hold: hold);
        var item = NewItem(lease, now, target, alarm);
        item["status"] = S(InProgress);
        item["inProgressExpiresAtMs"] = N(invocationDeadline.ToUnixTimeMilliseconds());
        var condition = new Condition(AcquireCondition, new() { ["#status"] = "status" }, new()
        {
            [":now"] = N(now.ToUnixTimeSeconds()),
            [":nowMs"] = N(now.ToUnixTimeMilliseconds()),
            [":inProgress"] = S(InProgress),
        });
        var put = await PutIfFreeAsync(lease, item, condition, cancellationToken).ConfigureAwait(false);
        return put.Won
            ? new LockAttempt(lease with { TakenOver = Takeover(put.Item) }, null, null)
            : new LockAttempt(null, Number(put.Item!, "expiresAt") is { } secs ? DateTimeOffset.FromUnixTimeSeconds(secs) : null, Text(put.Item!, "alarmName"), Time(put.Item!, "acquiredAt"));
    }

    private static Dictionary<string, AttributeValue> NewItem(LockLease lease, DateTimeOffset now, ServiceTarget target, AlarmEvent alarm) => new()
    {
        ["PK"] = S(lease.Key),
        ["owner"] = S(lease.Owner),
        ["expiresAt"] = N(lease.ExpiresAt.ToUnixTimeSeconds()),
        ["ttl"] = N((lease.ExpiresAt + AuditRetention).ToUnixTimeSeconds()),
        ["acquiredAt"] = S(IsoTime.Format(now)),
        ["alarmName"] = S(alarm.AlarmName),
        ["eventId"] = S(alarm.EventId),
        ["cluster"] = S(target.Cluster),
        ["service"] = S(target.Service),
    };

    /// <summary>
    /// One conditional PutItem of <paramref name="item"/>, won when the item under the key is free
    /// (<see cref="AcquireCondition"/>, <see cref="ClaimCondition"/>). Won: the replaced item, if any. Lost: the holder's item.
    /// </summary>
    private async Task<(bool Won, Dictionary<string, AttributeValue>? Item)> PutIfFreeAsync(
        LockLease lease, Dictionary<string, AttributeValue> item, Condition condition, CancellationToken cancellationToken)
    {
        var request = new PutItemRequest
        {
            TableName = tableName,
            Item = item,
            ConditionExpression = condition.Expression,
            ExpressionAttributeNames = condition.Names,
            ExpressionAttributeValues = condition.Values,
            // The replaced item, so a takeover can be audited without another call.
            ReturnValues = ReturnValue.ALL_OLD,
            // Real DynamoDB then says who holds the item at no extra call; emulators may not (see below).
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };

        Dictionary<string, AttributeValue>? failedItem;
        try
        {
            var response = await dynamo.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
            return (true, response.Attributes);
        }
        catch (ConditionalCheckFailedException e)
        {
            failedItem = e.Item;
        }
        catch (Exception)
        {
            // A timed-out or cancelled PutItem may still have been applied (now, or later by a delayed
            // attempt). The owner-conditioned delete removes it now; a write that lands later is
            // IN_PROGRESS and can be taken over once this invocation's deadline has passed.
            await ReleaseAfterFailedAcquireAsync(lease).ConfigureAwait(false);
            throw;
        }

        (bool Ours, Dictionary<string, AttributeValue>? Item) holder;
        try
        {
            holder = await ConditionalWrite.WasOursAsync(
                failedItem, async ct => await ReadAsync(lease.Key, ct).ConfigureAwait(false), i => Text(i, "owner"), lease.Owner, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await ReleaseAfterFailedAcquireAsync(lease).ConfigureAwait(false);
            throw;
        }

        // Our own write with a lost response: treating it as "held by someone" would suppress the only
        // remediation of the incident (an alarm that stays in ALARM sends no further event), or the
        // brake's only notification.
        return holder.Ours ? (true, null) : (false, holder.Item);
    }

    public async Task<LockLease> MarkStoppingAsync(LockLease lease, string taskArn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var now = time.GetUtcNow();
        var expires = CeilingToSecond(now + (lease.Hold ?? cooldown));
        await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(lease),
            // No in-progress expiry any more: a lock that may have stopped a task is never taken over
            // early; and its cooldown restarts here, where a stop may begin.
            UpdateExpression = "SET #status = :stopping, taskArn = :taskArn, stopRequestedAt = :at, expiresAt = :expires, #ttl = :ttl REMOVE inProgressExpiresAtMs",
            ConditionExpression = "#owner = :owner",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status", ["#owner"] = "owner", ["#ttl"] = "ttl" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":owner"] = S(lease.Owner),
                [":stopping"] = S(Stopping),
                [":taskArn"] = S(taskArn),
                [":at"] = S(IsoTime.Format(now)),
                [":expires"] = N(expires.ToUnixTimeSeconds()),
                [":ttl"] = N((expires + AuditRetention).ToUnixTimeSeconds()),
            },
        }, cancellationToken).ConfigureAwait(false);
        return lease with { ExpiresAt = expires };
    }

    public Task RecordAsync(LockLease lease, StopOutcome outcome, string? taskArn, bool freeNow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var now = time.GetUtcNow();
        var set = new List<string> { "#status = :status", "outcome = :outcome", "completedAt = :completedAt" };
        var values = new Dictionary<string, AttributeValue>
        {
            [":owner"] = S(lease.Owner),
            [":status"] = S(outcome.Status()),
            [":outcome"] = S(outcome.Name()),
            [":completedAt"] = S(IsoTime.Format(now)),
        };
        if (taskArn is not null)
        {
            set.Add("taskArn = :taskArn");
            values[":taskArn"] = S(taskArn);
        }

        if (freeNow)
        {
            // In the past, so the acquire condition (expiresAt <= :now) lets the next alarm in; the audit stays.
            set.Add("expiresAt = :expired");
            values[":expired"] = N(now.ToUnixTimeSeconds() - 1);
        }

        if (lease.TakenOver is { } previous)
        {
            set.Add("takenOverFrom = :previous");
            values[":previous"] = new AttributeValue { M = TakeoverAudit(previous) };
        }

        return dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(lease),
            UpdateExpression = "SET " + string.Join(", ", set) + " REMOVE inProgressExpiresAtMs",
            ConditionExpression = "#owner = :owner",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status", ["#owner"] = "owner" },
            ExpressionAttributeValues = values,
        }, cancellationToken);
    }

    public Task ReleaseAsync(LockLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return dynamo.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = tableName,
            Key = Key(lease),
            ConditionExpression = "#owner = :owner",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#owner"] = "owner" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":owner"] = S(lease.Owner) },
        }, cancellationToken);
    }

    private async Task<Dictionary<string, AttributeValue>> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = new Dictionary<string, AttributeValue> { ["PK"] = S(key) },
            ConsistentRead = true,
            ProjectionExpression = "#owner, expiresAt, alarmName, acquiredAt",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#owner"] = "owner" },
        }, cancellationToken).ConfigureAwait(false);
        return response.Item ?? [];
    }

    private async Task ReleaseAfterFailedAcquireAsync(LockLease lease)
    {
        try
        {
            using var budget = new CancellationTokenSource(Budgets.Cleanup, time);
            await ReleaseAsync(lease, budget.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: the acquire's own error is the one reported; an item left behind is IN_PROGRESS
            // and stops holding at this invocation's deadline.
        }
    }

    /// <summary>A condition expression with its attribute names (null: none, which DynamoDB requires then) and values.</summary>
    private sealed record Condition(string Expression, Dictionary<string, string>? Names, Dictionary<string, AttributeValue> Values);

    public static string KeyFor(ServiceTarget target, bool dryRun) => (dryRun ? "DRYRUN#" : "LOCK#") + target.Cluster + "#" + target.Service;

    private static Dictionary<string, AttributeValue> Key(LockLease lease) => new() { ["PK"] = S(lease.Key) };

    private static DateTimeOffset CeilingToSecond(DateTimeOffset t)
        => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds() + (t.UtcTicks % TimeSpan.TicksPerSecond == 0 ? 0 : 1));
}
