using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSuite.Common;
using LambdaSuite.LogShipper.Events;
using LambdaSuite.LogShipper.Model;
using Xunit;
using static LogShipper.Tests.Fixtures.Samples;

namespace LogShipper.Tests.Events;

/// <summary>S3 Batch Operations payloads, both invocation schemas: one work item per task, in task order.</summary>
public sealed class BatchTaskParserTests
{
    private static ParsedInvocation Parse(JsonNode payload) => Parse(payload.ToJsonString());

    private static ParsedInvocation Parse(string json) => BatchTaskParser.Parse(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Schema_1_0_reads_the_bucket_from_its_arn_decodes_the_key_once_and_keeps_the_version()
    {
        var parsed = Parse(Batch("1.0", Task1("t-1", "logs/a+b%2B%25.gz", versionId: "v-3")));

        Assert.Equal(TriggerShape.BatchOperations, parsed.Shape);
        Assert.Equal(("1.0", "inv-1", "job-1"), (parsed.Batch!.SchemaVersion, parsed.Batch.InvocationId, parsed.Batch.JobId));
        Assert.Equal(["t-1"], parsed.Batch.TaskIds);
        var task = Assert.IsType<CopyCandidate>(Assert.Single(parsed.Items)).Object;
        Assert.Equal(new ObjectEvent("lambdasuite-access-logs", "logs/a b+%.gz", Size: null, ETag: null, "v-3", EventTime: null), task);
    }

    [Fact]
    public void Schema_2_0_names_the_bucket_and_the_user_arguments_are_kept_by_name()
    {
        var parsed = Parse(Batch("2.0", Task2("t-1", "logs/x.gz")));

        Assert.Equal("lambdasuite-access-logs", Assert.IsType<CopyCandidate>(Assert.Single(parsed.Items)).Object.Bucket);
        Assert.Equal(["k1"], parsed.Batch!.UserArgumentKeys);
    }

    [Theory]
    [InlineData("arn:aws:s3:::lambdasuite-access-logs")]
    [InlineData("arn:aws:s3:us-east-1:0123456788:lambdasuite-access-logs")] // the form in AWS's sample events
    public void Both_bucket_arn_forms_name_the_bucket(string arn)
        => Assert.Equal("lambdasuite-access-logs", Assert.IsType<CopyCandidate>(Assert.Single(Parse(Batch("1.0", Task1("t-1", "logs/x.gz", bucketArn: arn))).Items)).Object.Bucket);

    [Theory]
    [InlineData("""{"invocationSchemaVersion":"3.0","invocationId":"i","job":{},"tasks":[]}""", "invocationSchemaVersion=\"3.0\" is invalid: expected 1.0 or 2.0")]
    [InlineData("""{"invocationSchemaVersion":"1.0","job":{},"tasks":[]}""", "invocationId is missing")]
    [InlineData("""{"invocationSchemaVersion":"1.0","invocationId":"i","job":{},"tasks":[{"s3Key":"logs/a"}]}""", "tasks[0].taskId is missing")]
    [InlineData("""{"invocationSchemaVersion":"1.0","invocationId":"i","job":{},"tasks":{}}""", "tasks=\"{}\" is invalid: expected an array")]
    public void An_envelope_that_cannot_be_answered_throws_naming_the_field(string payload, string message)
        => Assert.Equal(message, Assert.Throws<InvalidInputException>(() => Parse(payload)).Message);

    [Fact]
    public void A_task_that_cannot_be_read_becomes_an_invalid_task_and_its_neighbours_still_run()
    {
        var parsed = Parse(Batch("1.0", Task1("t-1", "logs/a.gz"), new JsonObject { ["taskId"] = "t-2", ["s3Key"] = "logs/b.gz" }, Task1("t-3", "logs/%zz.gz")));

        Assert.IsType<CopyCandidate>(parsed.Items[0]);
        Assert.Equal(new InvalidTask("t-2", "tasks[1].s3BucketArn is missing"), parsed.Items[1]);
        Assert.StartsWith("tasks[2].s3Key=\"logs/%zz.gz\" is invalid", Assert.IsType<InvalidTask>(parsed.Items[2]).Error, StringComparison.Ordinal);
        Assert.Equal(["t-1", "t-2", "t-3"], parsed.Batch!.TaskIds);
    }

    [Fact]
    public void A_lone_surrogate_in_a_user_argument_name_is_invalid_input()
    {
        var payload = Batch("2.0", Task2("t-1", "logs/x.gz")).ToJsonString().Replace("\"k1\"", "\"\\ud800\"", StringComparison.Ordinal);

        var e = Assert.Throws<InvalidInputException>(() => Parse(payload));

        Assert.StartsWith("job.userArguments has a property name", e.Message, StringComparison.Ordinal);
    }
}
