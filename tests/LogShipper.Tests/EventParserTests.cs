using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSuite.LogShipper.Events;
using Xunit;
using static LogShipper.Tests.Fixtures;

namespace LogShipper.Tests;

public sealed class EventParserTests
{
    private static ParsedInvocation Parse(JsonNode node) => EventParser.Parse(JsonDocument.Parse(node.ToJsonString()).RootElement);

    private static ParsedInvocation Parse(string json) => EventParser.Parse(JsonDocument.Parse(json).RootElement);

    // The two-record sample AWS publishes with its .NET event library: "New+File.jpg" is "New File.jpg".
    private const string AwsSampleWithNewFile = """
        {"Records":[
          {"eventVersion":"2.0","eventTime":"1970-01-01T00:00:00.000Z","requestParameters":{"sourceIPAddress":"127.0.0.1"},
           "s3":{"configurationId":"testConfigRule","object":{"eTag":"0123456789abcdef0123456789abcdef","sequencer":"0A1B2C3D4E5F678901","key":"HappyFace.jpg","size":1024},
                 "bucket":{"arn":"arn:aws:s3:::mybucket","name":"sourcebucket","ownerIdentity":{"principalId":"EXAMPLE"}},"s3SchemaVersion":"1.0"},
           "responseElements":{"x-amz-id-2":"EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH","x-amz-request-id":"EXAMPLE123456789"},
           "awsRegion":"us-east-1","eventName":"ObjectCreated:Put","userIdentity":{"principalId":"EXAMPLE"},"eventSource":"aws:s3"},
          {"eventVersion":"2.0","eventTime":"1970-01-01T00:00:00.000Z","requestParameters":{"sourceIPAddress":"127.0.0.1"},
           "s3":{"configurationId":"testConfigRule","object":{"eTag":"0123456789abcdef0123456789abcdef","sequencer":"0A1B2C3D4E5F678901","key":"New+File.jpg","size":1024},
                 "bucket":{"arn":"arn:aws:s3:::mybucket","name":"sourcebucket","ownerIdentity":{"principalId":"EXAMPLE"}},"s3SchemaVersion":"1.0"},
           "responseElements":{"x-amz-id-2":"EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH","x-amz-request-id":"EXAMPLE123456789"},
           "awsRegion":"us-east-1","eventName":"ObjectCreated:Put","userIdentity":{"principalId":"EXAMPLE"},"eventSource":"aws:s3"}
        ]}
        """;

    [Fact]
    public void Aws_sample_event_decodes_New_plus_File_to_a_space()
    {
        var parsed = Parse(AwsSampleWithNewFile);

        Assert.Equal(TriggerShape.S3Notification, parsed.Shape);
        var objects = parsed.Items.Cast<CopyCandidate>().Select(c => c.Object).ToList();
        Assert.Equal(["HappyFace.jpg", "New File.jpg"], objects.Select(o => o.Key));
        Assert.All(objects, o => Assert.Equal("sourcebucket", o.Bucket));
        Assert.All(objects, o => Assert.Equal(1024, o.Size));
        Assert.All(objects, o => Assert.Equal("0123456789abcdef0123456789abcdef", o.ETag));
        Assert.All(objects, o => Assert.Equal(DateTimeOffset.UnixEpoch, o.EventTime));
    }

    [Theory]
    [InlineData("logs/a+b.gz", "logs/a b.gz")]
    [InlineData("logs/a%2Bb.gz", "logs/a+b.gz")]
    [InlineData("logs/100%25.gz", "logs/100%.gz")]
    [InlineData("logs/%252B.gz", "logs/%2B.gz")] // decoded once: a literal "%2B" in the key stays
    [InlineData("logs/caf%C3%A9+%E2%82%AC+%F0%9F%93%A6.gz", "logs/café € 📦.gz")]
    [InlineData("test%2Fkey", "test/key")]
    [InlineData("logs/plain-key_1.gz", "logs/plain-key_1.gz")]
    public void S3_notification_keys_are_form_url_decoded_exactly_once(string encoded, string expected)
    {
        var parsed = Parse(S3Event(S3Record(encoded)));

        Assert.Equal(expected, Assert.IsType<CopyCandidate>(Assert.Single(parsed.Items)).Object.Key);
    }

    [Theory]
    [InlineData("logs/bad%ZZ")]
    [InlineData("logs/cut%2")]
    [InlineData("logs/notutf8%C3")]
    public void Malformed_escapes_are_rejected_naming_the_field_and_value(string encoded)
    {
        var e = Assert.Throws<LambdaSuite.Common.InvalidInputException>(() => Parse(S3Event(S3Record(encoded))));

        Assert.Contains("event.Records[0].s3.object.key", e.Message, StringComparison.Ordinal);
        Assert.Contains(encoded, e.Message, StringComparison.Ordinal);
    }

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

        var parsed = Parse(payload);

        Assert.Equal(TriggerShape.EventBridge, parsed.Shape);
        var o = Assert.IsType<CopyCandidate>(Assert.Single(parsed.Items)).Object;
        Assert.Equal(new ObjectEvent("lambdasuite-access-logs", "logs/a+b %2B.gz", 5, "b1946ac92492d2347c6235b4d2611184", "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e",
            new DateTimeOffset(2026, 11, 22, 11, 58, 0, TimeSpan.Zero)), o);
    }

    [Fact]
    public void EventBridge_events_other_than_object_created_are_ignored()
    {
        var payload = JsonNode.Parse("""{"detail-type":"Object Deleted","source":"aws.s3","detail":{"bucket":{"name":"b"},"object":{"key":"logs/x"}}}""")!;

        var item = Assert.IsType<Ignored>(Assert.Single(Parse(payload).Items));

        Assert.Equal(("logs/x", EventParser.ReasonNotObjectCreated), (item.SourceKey, item.Reason));
    }

    [Fact]
    public void S3_test_event_is_ignored_not_an_error()
    {
        var parsed = Parse("""{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2014-10-13T15:57:02.089Z","Bucket":"bucketname","RequestId":"5582815E1AEA5ADF","HostId":"x"}""");

        Assert.Equal(TriggerShape.S3TestEvent, parsed.Shape);
        Assert.Equal(EventParser.ReasonTestEvent, Assert.IsType<Ignored>(Assert.Single(parsed.Items)).Reason);
    }

    [Fact]
    public void Non_object_created_records_are_ignored_with_their_decoded_key()
    {
        var parsed = Parse(S3Event(S3Record("logs/gone+now.gz", eventName: "ObjectRemoved:Delete")));

        var item = Assert.IsType<Ignored>(Assert.Single(parsed.Items));
        Assert.Equal(("logs/gone now.gz", EventParser.ReasonNotObjectCreated), (item.SourceKey, item.Reason));
    }

    [Fact]
    public void Sqs_messages_carry_their_message_id_and_a_bad_body_fails_only_its_own_message()
    {
        var good = S3Event(S3Record("logs/a+1.gz"), S3Record("logs/b%2B2.gz")).ToJsonString();
        var parsed = Parse(SqsEvent(("m-1", good), ("m-2", "not json"), ("m-3", """{"Service":"Amazon S3","Event":"s3:TestEvent"}""")));

        Assert.Equal(TriggerShape.Sqs, parsed.Shape);
        Assert.Equal(4, parsed.Items.Count);
        Assert.Equal([("m-1", "logs/a 1.gz"), ("m-1", "logs/b+2.gz")], parsed.Items.OfType<CopyCandidate>().Select(c => (c.MessageId, c.Object.Key)));
        Assert.Equal("m-2", Assert.Single(parsed.Items.OfType<Unreadable>()).MessageId);
        Assert.Equal("m-3", Assert.Single(parsed.Items.OfType<Ignored>()).MessageId);
    }

    [Fact]
    public void Sqs_body_wrapped_in_an_sns_envelope_is_unwrapped()
    {
        var envelope = new JsonObject { ["Type"] = "Notification", ["Message"] = S3Event(S3Record("logs/sns+key.gz")).ToJsonString() };

        var parsed = Parse(SqsEvent(("m-1", envelope.ToJsonString())));

        Assert.Equal("logs/sns key.gz", Assert.IsType<CopyCandidate>(Assert.Single(parsed.Items)).Object.Key);
    }

    [Fact]
    public void Missing_size_is_left_for_a_head_request()
    {
        Assert.Null(Assert.IsType<CopyCandidate>(Assert.Single(Parse(S3Event(S3Record("logs/x", size: null))).Items)).Object.Size);
    }

    [Fact]
    public void Direct_event_without_key_throws_naming_the_field()
    {
        var record = S3Record("logs/x");
        record["s3"]!["object"]!.AsObject().Remove("key");

        var e = Assert.Throws<LambdaSuite.Common.InvalidInputException>(() => Parse(S3Event(record)));

        Assert.Equal("event.Records[0].s3.object.key is missing", e.Message);
    }

    [Fact]
    public void Values_in_bad_input_messages_are_masked_and_capped()
    {
        var key = "logs/jane.doe%40example.com/" + new string('x', 300) + "%ZZ";

        var e = Assert.Throws<LambdaSuite.Common.InvalidInputException>(() => Parse(S3Event(S3Record(key))));

        Assert.StartsWith("event.Records[0].s3.object.key=\"logs/j***@example.com/xxx", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 101), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sns_message_that_is_not_json_names_the_field_without_echoing_the_text()
    {
        var e = Assert.Throws<LambdaSuite.Common.InvalidInputException>(() => Parse("""{"Type":"Notification","Message":"hello jane.doe@example.com"}"""));

        Assert.StartsWith("event.Message is invalid: expected JSON", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_shape_throws()
    {
        var e = Assert.Throws<LambdaSuite.Common.InvalidInputException>(() => Parse("""{"hello":"world"}"""));

        Assert.StartsWith("event is invalid", e.Message, StringComparison.Ordinal);
    }
}
