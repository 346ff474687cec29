using System.Globalization;
using Amazon.DynamoDBv2.Model;
using LambdaSuite.Common;
using LambdaSuite.Remediator.Decision;

namespace LambdaSuite.Remediator.Aws;

/// <summary>Reading and writing the attributes of a lock item.</summary>
internal static class LockItem
{
    /// <summary>The replaced item was IN_PROGRESS: its holder never marked a stop, and its in-progress expiry had passed.</summary>
    public static LockTakeover? Takeover(Dictionary<string, AttributeValue>? old)
        => old is { Count: > 0 } && Text(old, "status") == DynamoDbRemediationLock.InProgress
            ? new LockTakeover(Text(old, "owner"), Text(old, "alarmName"), Text(old, "eventId"), Text(old, "acquiredAt"),
                Number(old, "inProgressExpiresAtMs") is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null)
            : null;

    public static Dictionary<string, AttributeValue> TakeoverAudit(LockTakeover previous)
    {
        var audit = new Dictionary<string, AttributeValue>();
        foreach (var (name, value) in new[]
        {
            ("owner", previous.Owner), ("alarmName", previous.AlarmName), ("eventId", previous.EventId), ("acquiredAt", previous.AcquiredAt),
            ("inProgressExpiredAt", previous.InProgressExpiredAt is { } at ? IsoTime.Format(at) : null),
        })
        {
            if (value is not null)
            {
                audit[name] = S(value);
            }
        }

        return audit;
    }

    public static string? Text(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var v) ? v.S : null;

    public static long? Number(Dictionary<string, AttributeValue> item, string name)
        => item.TryGetValue(name, out var v) && long.TryParse(v.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>An ISO 8601 attribute (acquiredAt), or null when absent or unreadable.</summary>
    public static DateTimeOffset? Time(Dictionary<string, AttributeValue> item, string name)
        => DateTimeOffset.TryParse(Text(item, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
