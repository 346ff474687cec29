using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSuite.Common;
using LambdaSuite.LogShipper.Events;
using LambdaSuite.LogShipper.Model;
using Xunit;
using static LogShipper.Tests.Fixtures.Samples;

namespace LogShipper.Tests.Events;

public sealed class ObjectRecordsTests
{
    /// <summary>The record as the first of an event's Records, so errors name the paths a direct invoke shows.</summary>
    private static WorkItem FromS3Record(JsonObject record) => ObjectRecords.FromS3Record(Element(record), messageId: null, "event.Records[0]");

    private static WorkItem FromEventBridge(JsonNode payload) => ObjectRecords.FromEventBridge(Element(payload), messageId: null, "event");

    private static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement;

    [Fact]
    public void EventBridge_object_created_keeps_the_key_as_is_and_reads_its_field_names()
    {
        var payload = new JsonObject
        {
            ["version"] = "0",
            ["id"] = "17793124-05d4-b198-2fde-7ededc63b103",
            ["detail-type"] = "Object Created",
            ["source"] = "aws.s3",
            ["account"] = "111111111111",
            ["time"] = "2026-11-22T11:58:00Z",
            ["region"] = "us-east-1",
            ["detail"] = new JsonObject
            {
                ["version"] = "0",
                ["bucket"] = new JsonObject { ["name"] = "lambdasuite-access-logs" },
                ["object"] = new JsonObject { ["key"] = "logs/a+b %2B.gz", ["size"] = 5, ["etag"] = "b1946ac92492d2347c6235b4d2611184", ["version-id"] = "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e" },
                ["reason"] = "PutObject",
            },
        };

        var o = Assert.IsType<CopyCandidate>(FromEventBridge(payload)).Object;
        Assert.Equal(new ObjectEvent("lambdasuite-access-logs", "logs/a+b %2B.gz", 5, "b1946ac92492d2347c6235b4d2611184", "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e",
            new DateTimeOffset(2026, 11, 22, 11, 58, 0, TimeSpan.Zero)), o);
    }

    [Fact]
    public void EventBridge_events_other_than_object_created_are_ignored()
    {
        var payload = JsonNode.Parse("""{"detail-type":"Object Deleted","source":"aws.s3","detail":{"bucket":{"name":"b"},"object":{"key":"logs/x"}}}""")!;

        var item = Assert.IsType<Ignored>(FromEventBridge(payload));

        Assert.Equal(("logs/x", EventParser.ReasonNotObjectCreated), (item.SourceKey, item.Reason));
    }

    [Fact]
    public void Non_object_created_records_are_ignored_with_their_decoded_key()
    {
        var item = Assert.IsType<Ignored>(FromS3Record(S3Record("logs/gone+now.gz", eventName: "ObjectRemoved:Delete")));

        Assert.Equal(("logs/gone now.gz", EventParser.ReasonNotObjectCreated), (item.SourceKey, item.Reason));
    }

    [Fact]
    public void Missing_size_is_left_for_a_head_request()
    {
        Assert.Null(Assert.IsType<CopyCandidate>(FromS3Record(S3Record("logs/x", size: null))).Object.Size);
    }

    [Fact]
    public void Direct_event_without_key_throws_naming_the_field()
    {
        var record = S3Record("logs/x");
        record["s3"]!["object"]!.AsObject().Remove("key");

        var e = Assert.Throws<InvalidInputException>(() => FromS3Record(record));

        Assert.Equal("event.Records[0].s3.object.key is missing", e.Message);
    }

    [Fact]
    public void Values_in_bad_input_messages_are_masked_and_capped()
    {
        var key = "logs/jane.doe%40example.com/" + new string('x', 300) + "%ZZ";

        var e = Assert.Throws<InvalidInputException>(() => FromS3Record(S3Record(key)));

        Assert.StartsWith("event.Records[0].s3.object.key=\"logs/j***@example.com/xxx", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 101), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_is_held_to_s3s_byte_limit_once_decoded()
    {
        // 510 x "é" (%C3%A9): 3,065 characters encoded, within that limit; decoded 515 characters but 1,025 bytes.
        var e = Assert.Throws<InvalidInputException>(() => FromS3Record(S3Record("logs/" + string.Concat(Enumerable.Repeat("%C3%A9", 510)))));

        Assert.StartsWith("event.Records[0].s3.object.key=", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("at most 1,024 bytes of UTF-8 (got 1,025)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_300_KB_key_full_of_addresses_is_one_masked_capped_line()
    {
        var key = "logs/" + string.Concat(Enumerable.Repeat("jane.doe@example.com/", 15_000));

        var e = Assert.Throws<InvalidInputException>(() => FromS3Record(S3Record(key)));

        Assert.StartsWith("event.Records[0].s3.object.key=\"logs/j***@example.com/", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("is invalid: expected at most 3,072 characters (got 315,005)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
