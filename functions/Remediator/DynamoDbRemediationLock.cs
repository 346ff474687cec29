using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LambdaSuite.Common;

namespace LambdaSuite.Remediator;

/// <summary>
/// The lock as one DynamoDB item per service: <c>PK = LOCK#cluster#service</c> (dry runs use
/// <c>DRYRUN#…</c>, so a rehearsal never holds off a real remediation). Acquire is a PutItem that
/// succeeds only when no item exists or its <c>expiresAt</c> has passed; later writes are
/// conditioned on our owner token so a slow invocation never touches a successor's item.
/// </summary>
internal sealed class DynamoDbRemediationLock(IAmazonDynamoDB dynamo, string tableName, TimeSpan cooldown, TimeProvider time) : IRemediationLock
{
    /// <summary>How long an item outlives its cooldown (DynamoDB TTL deletes it then): a week of audit trail.</summary>
    public static readonly TimeSpan AuditRetention = TimeSpan.FromDays(7);

    public async Task<LockAttempt> TryAcquireAsync(ServiceTarget target, AlarmEvent alarm, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var now = time.GetUtcNow();
        var expires = now + cooldown;
        var lease = new LockLease(KeyFor(target, dryRun), Guid.NewGuid().ToString("N"), expires);
        var request = new PutItemRequest
        {
            TableName = tableName,
            Item = new Dictionary<string, AttributeValue>
            {
                ["PK"] = S(lease.Key),
                ["status"] = S("IN_PROGRESS"),
                ["owner"] = S(lease.Owner),
                ["expiresAt"] = N(expires.ToUnixTimeSeconds()),
                ["ttl"] = N((expires + AuditRetention).ToUnixTimeSeconds()),
                ["acquiredAt"] = S(IsoTime.Format(now)),
                ["alarmName"] = S(alarm.AlarmName),
                ["eventId"] = S(alarm.EventId),
                ["cluster"] = S(target.Cluster),
                ["service"] = S(target.Service),
            },
            ConditionExpression = "attribute_not_exists(PK) OR expiresAt < :now",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":now"] = N(now.ToUnixTimeSeconds()) },
            // Real DynamoDB then says who holds the lock at no extra call; emulators may not, so it is optional.
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };

        try
        {
            await dynamo.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
            return new LockAttempt(lease, null, null);
        }
        catch (ConditionalCheckFailedException e) when (IsOurs(e.Item, lease))
        {
            // Our first attempt was applied but its response was lost; the SDK's retry then failed the
            // condition against our own item. Treating that as "held by someone" would suppress the only
            // remediation of the incident (an alarm in ALARM sends no further event).
            return new LockAttempt(lease, null, null);
        }
        catch (Exception e) when (e is not ConditionalCheckFailedException)
        {
            // A timed-out or cancelled PutItem may still have been applied; left in place it would hold
            // off Lambda's retry for the whole cooldown. The delete only matches our own owner token.
            await ReleaseAfterFailedAcquireAsync(lease).ConfigureAwait(false);
            throw;
        }
        catch (ConditionalCheckFailedException e)
        {
            var old = e.Item;
            DateTimeOffset? heldUntil = old is not null && old.TryGetValue("expiresAt", out var x) && long.TryParse(x.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var secs)
                ? DateTimeOffset.FromUnixTimeSeconds(secs)
                : null;
            var heldBy = old is not null && old.TryGetValue("alarmName", out var a) ? a.S : null;
            return new LockAttempt(null, heldUntil, heldBy);
        }
    }

    /// <summary>
    /// True when the item that failed the condition carries our owner token. Needs the old item in the
    /// error (ReturnValuesOnConditionCheckFailure=ALL_OLD); dynalite ignores that option, so there a
    /// retried-after-lost-response acquire still reads as held (documented in the README).
    /// </summary>
    private static bool IsOurs(Dictionary<string, AttributeValue>? old, LockLease lease)
        => old is not null && old.TryGetValue("owner", out var owner) && owner.S == lease.Owner;

    public Task RecordAsync(LockLease lease, LockOutcome outcome, string? taskArn, bool freeNow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var now = time.GetUtcNow();
        var set = new List<string> { "#status = :status", "outcome = :outcome", "completedAt = :completedAt" };
        var values = new Dictionary<string, AttributeValue>
        {
            [":owner"] = S(lease.Owner),
            [":status"] = S(outcome is LockOutcome.StopFailed or LockOutcome.StopRejected ? "FAILED" : "COMPLETED"),
            [":outcome"] = S(OutcomeName(outcome)),
            [":completedAt"] = S(IsoTime.Format(now)),
        };
        if (taskArn is not null)
        {
            set.Add("taskArn = :taskArn");
            values[":taskArn"] = S(taskArn);
        }

        if (freeNow)
        {
            // In the past, so the acquire condition (expiresAt < :now) lets the next alarm in; the audit stays.
            set.Add("expiresAt = :expired");
            values[":expired"] = N(now.ToUnixTimeSeconds() - 1);
        }

        return dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = new Dictionary<string, AttributeValue> { ["PK"] = S(lease.Key) },
            UpdateExpression = "SET " + string.Join(", ", set),
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
            Key = new Dictionary<string, AttributeValue> { ["PK"] = S(lease.Key) },
            ConditionExpression = "#owner = :owner",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#owner"] = "owner" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":owner"] = S(lease.Owner) },
        }, cancellationToken);
    }

    private async Task ReleaseAfterFailedAcquireAsync(LockLease lease)
    {
        try
        {
            using var budget = new CancellationTokenSource(Budgets.Cleanup);
            await ReleaseAsync(lease, budget.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: the acquire's own error is the one reported; at worst the lock expires after the cooldown.
        }
    }

    public static string KeyFor(ServiceTarget target, bool dryRun) => (dryRun ? "DRYRUN#" : "LOCK#") + target.Cluster + "#" + target.Service;

    public static string OutcomeName(LockOutcome outcome) => outcome switch
    {
        LockOutcome.Stopped => "stopped",
        LockOutcome.DryRun => "dry-run",
        LockOutcome.NothingToStop => "nothing-to-stop",
        LockOutcome.StopRejected => "stop-rejected",
        _ => "stop-failed",
    };

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
