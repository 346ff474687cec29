using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSuite.LogShipper.Events;
using LambdaSuite.TestSupport;
using Xunit;
using static LogShipper.Tests.Fixtures.Samples;

namespace LogShipper.Tests.Events;

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

    [Fact]
    public void S3_test_event_is_ignored_not_an_error()
    {
        var parsed = Parse("""{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2014-10-13T15:57:02.089Z","Bucket":"bucketname","RequestId":"5582815E1AEA5ADF","HostId":"x"}""");

        Assert.Equal(TriggerShape.S3TestEvent, parsed.Shape);
        Assert.Equal(EventParser.ReasonTestEvent, Assert.IsType<Ignored>(Assert.Single(parsed.Items)).Reason);
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

    /// <summary>The files in infra/events/logshipper are what people run locally: they must stay valid.</summary>
    private static ParsedInvocation ParseFile(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "events", "logshipper", name)));
        return EventParser.Parse(document.RootElement);
    }

    [Fact]
    public void S3_put_sample_decodes_space_plus_percent_and_unicode_keys()
    {
        var parsed = ParseFile("s3-put.json");

        Assert.Equal(TriggerShape.S3Notification, parsed.Shape);
        Assert.Equal(["logs/alb/app access log.gz", "logs/alb/a+b.gz", "logs/alb/100% done.gz", "logs/cdn/café-€-📦.gz"],
            parsed.Items.Cast<CopyCandidate>().Select(c => c.Object.Key));
    }

    [Fact]
    public void Preflight_sample_is_the_preflight_request_with_no_object_to_copy()
    {
        var parsed = ParseFile("preflight.json");

        Assert.Equal(TriggerShape.Preflight, parsed.Shape);
        Assert.Empty(parsed.Items);
    }

    [Fact]
    public void EventBridge_sample_is_an_object_created_event_for_the_local_bucket()
    {
        var item = Assert.IsType<CopyCandidate>(Assert.Single(ParseFile("eventbridge-object-created.json").Items));

        Assert.Equal(("lambdasuite-access-logs", "logs/alb/app access log.gz"), (item.Object.Bucket, item.Object.Key));
    }

    [Fact]
    public void Sqs_sample_has_two_messages_each_with_one_object()
    {
        var parsed = ParseFile("sqs-s3.json");

        Assert.Equal(TriggerShape.Sqs, parsed.Shape);
        Assert.Equal(2, parsed.Items.OfType<CopyCandidate>().Select(c => c.MessageId).Distinct().Count());
    }

    [Fact]
    public void Batch_operations_samples_carry_both_schemas_with_decoded_keys()
    {
        var one = ParseFile("batch-operations-1.0.json");
        var two = ParseFile("batch-operations-2.0.json");

        Assert.Equal(("1.0", TriggerShape.BatchOperations), (one.Batch!.SchemaVersion, one.Shape));
        Assert.Equal(("lambdasuite-access-logs", "logs/alb/app access log.gz"), (Assert.IsType<CopyCandidate>(Assert.Single(one.Items)).Object.Bucket, ((CopyCandidate)one.Items[0]).Object.Key));
        Assert.Equal("2.0", two.Batch!.SchemaVersion);
        Assert.Equal(["logs/alb/a+b.gz", "logs/cdn/café-€-📦.gz", "inventory/manifest.json"], two.Items.Cast<CopyCandidate>().Select(c => c.Object.Key));
    }

    [Fact]
    public void Test_event_sample_is_ignored()
    {
        Assert.Equal(EventParser.ReasonTestEvent, Assert.IsType<Ignored>(Assert.Single(ParseFile("s3-test-event.json").Items)).Reason);
    }
}
