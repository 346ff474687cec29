using Amazon.DynamoDBv2.Model;
using LambdaSuite.Remediator.Aws;
using LambdaSuite.Remediator.Decision;
using Xunit;

namespace Remediator.Tests.Aws;

/// <summary>Reading a replaced lock item, and the audit of a takeover written back.</summary>
public sealed class LockItemTests
{
    private static Dictionary<string, AttributeValue> Item(string status) => new()
    {
        ["status"] = LockItem.S(status),
        ["owner"] = LockItem.S("dead"),
        ["alarmName"] = LockItem.S("a"),
        ["inProgressExpiresAtMs"] = LockItem.N(1_795_000_000_000),
    };

    [Fact]
    public void Only_a_replaced_IN_PROGRESS_item_is_a_takeover()
    {
        var takeover = LockItem.Takeover(Item("IN_PROGRESS"));

        Assert.Equal(("dead", "a", DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000)), (takeover!.Owner, takeover.AlarmName, takeover.InProgressExpiredAt));
        Assert.Null(LockItem.Takeover(Item("COMPLETED")));
        Assert.Null(LockItem.Takeover([]));
        Assert.Null(LockItem.Takeover(null));
    }

    [Theory]
    [InlineData(DynamoDbRemediationLock.Stopping)]
    [InlineData(DynamoDbRemediationLock.Claimed)]
    public void Items_the_lock_writes_in_any_other_status_are_no_takeover(string status)
        => Assert.Null(LockItem.Takeover(Item(status)));

    [Fact]
    public void The_takeover_audit_leaves_out_what_was_not_known()
    {
        var audit = LockItem.TakeoverAudit(new LockTakeover("dead", null, "evt-1", null, null));

        Assert.Equal(["owner", "eventId"], audit.Keys);
        Assert.Equal("evt-1", audit["eventId"].S);
    }

    [Fact]
    public void A_number_attribute_that_is_not_a_number_reads_as_absent()
    {
        var item = new Dictionary<string, AttributeValue> { ["expiresAt"] = new() { N = "soon" }, ["ttl"] = LockItem.N(42) };

        Assert.Null(LockItem.Number(item, "expiresAt"));
        Assert.Equal(42, LockItem.Number(item, "ttl"));
        Assert.Null(LockItem.Number(item, "missing"));
    }
}
