using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.Common;
using Xunit;
using static LogShipper.Tests.Fixtures;

namespace LogShipper.Tests;

/// <summary>S3 Batch Operations back-fill: both invocation schemas, per-task result codes in task order.</summary>
public sealed class BatchOperationsTests
{
    private static AmazonS3Exception S3Error(string code, HttpStatusCode status) => new($"{code} from fake") { ErrorCode = code, StatusCode = status };

    private static JsonObject Task1(string taskId, string encodedKey, string? versionId = null, string bucketArn = "arn:aws:s3:::lambdasuite-access-logs")
        => new() { ["taskId"] = taskId, ["s3Key"] = encodedKey, ["s3VersionId"] = versionId, ["s3BucketArn"] = bucketArn };

    private static JsonObject Task2(string taskId, string encodedKey, string bucket = "lambdasuite-access-logs")
        => new() { ["taskId"] = taskId, ["s3Key"] = encodedKey, ["s3VersionId"] = null, ["s3Bucket"] = bucket };

    private static JsonObject Batch(string version, params JsonObject[] tasks) => new()
    {
        ["invocationSchemaVersion"] = version,
        ["invocationId"] = "inv-1",
        ["job"] = version == "2.0" ? new JsonObject { ["id"] = "job-1", ["userArguments"] = new JsonObject { ["k1"] = "v1" } } : new JsonObject { ["id"] = "job-1" },
        ["tasks"] = new JsonArray([.. tasks]),
    };

    private static List<(string TaskId, string Code, string Text)> Results(JsonElement answer)
        => [.. answer.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("taskId").GetString()!, r.GetProperty("resultCode").GetString()!, r.GetProperty("resultString").GetString()!))];

    [Fact]
    public async Task Schema_1_0_reads_the_bucket_from_its_arn_decodes_the_key_once_and_pins_the_version()
    {
        var h = new Harness();
        h.Store.OnHead = _ => new GetObjectMetadataResponse { ContentLength = 77, ETag = "\"e\"" };

        var answer = await h.InvokeAsync(Batch("1.0", Task1("t-1", "logs/a+b%2B%25.gz", versionId: "v-3")));

        var head = Assert.Single(h.Store.Of<GetObjectMetadataRequest>());
        Assert.Equal(("lambdasuite-access-logs", "logs/a b+%.gz", "v-3"), (head.BucketName, head.Key, head.VersionId));
        var copy = Assert.Single(h.Store.Of<CopyObjectRequest>());
        Assert.Equal(("logs/a b+%.gz", "v-3", "env1/a b+%.gz"), (copy.SourceKey, copy.SourceVersionId, copy.DestinationKey));
        Assert.Equal("""{"invocationSchemaVersion":"1.0","treatMissingKeysAs":"PermanentFailure","invocationId":"inv-1","results":[{"taskId":"t-1","resultCode":"Succeeded","resultString":"shipped 77 bytes to s3://customer-log-archive/env1/a b+%.gz"}]}""",
            answer.GetRawText());
    }

    [Fact]
    public async Task Schema_2_0_uses_s3Bucket_echoes_its_version_and_accepts_user_arguments()
    {
        var h = new Harness();

        var answer = await h.InvokeAsync(Batch("2.0", Task2("t-1", "logs/x.gz")));

        Assert.Equal("2.0", answer.GetProperty("invocationSchemaVersion").GetString());
        Assert.Equal(("t-1", "Succeeded"), (Results(answer)[0].TaskId, Results(answer)[0].Code));
        Assert.Equal("lambdasuite-access-logs", Assert.Single(h.Store.Of<CopyObjectRequest>()).SourceBucket);
    }

    [Fact]
    public async Task Every_task_gets_one_result_in_task_order_with_the_code_its_failure_deserves()
    {
        var h = new Harness();
        h.Store.OnHead = r => r.Key switch
        {
            "logs/missing.gz" => throw S3Error("NotFound", HttpStatusCode.NotFound),
            _ => new GetObjectMetadataResponse { ContentLength = 10, ETag = "\"e\"" },
        };
        h.Store.OnCopyObject = r => r.SourceKey switch
        {
            "logs/throttled.gz" => throw S3Error("SlowDown", HttpStatusCode.ServiceUnavailable),
            "logs/broken.gz" => throw S3Error("InternalError", HttpStatusCode.InternalServerError),
            "logs/denied.gz" => throw S3Error("AccessDenied", HttpStatusCode.Forbidden),
            _ => new CopyObjectResponse(),
        };

        var answer = await h.InvokeAsync(Batch("2.0",
            Task2("t-ok", "logs/ok.gz"), Task2("t-missing", "logs/missing.gz"), Task2("t-throttled", "logs/throttled.gz"),
            Task2("t-broken", "logs/broken.gz"), Task2("t-denied", "logs/denied.gz"), Task2("t-outside", "other/x.gz"),
            Task2("t-bucket", "logs/x.gz", bucket: "someone-elses"), Task2("t-badkey", "logs/%zz.gz"), Task2("t-folder", "logs/dir/")));

        Assert.Equal(
            [("t-ok", "Succeeded"), ("t-missing", "PermanentFailure"), ("t-throttled", "TemporaryFailure"), ("t-broken", "TemporaryFailure"),
             ("t-denied", "PermanentFailure"), ("t-outside", "PermanentFailure"), ("t-bucket", "PermanentFailure"), ("t-badkey", "PermanentFailure"), ("t-folder", "Succeeded")],
            Results(answer).Select(r => (r.TaskId, r.Code)));
        var text = Results(answer).ToDictionary(r => r.TaskId, r => r.Text);
        Assert.StartsWith("SourceMissing: ", text["t-missing"], StringComparison.Ordinal);
        Assert.StartsWith("Throttled: SlowDown (503)", text["t-throttled"], StringComparison.Ordinal);
        Assert.Equal("not shipped: the key is outside the source prefix", text["t-outside"]);
        Assert.StartsWith("InvalidTask: tasks[7].s3Key=\"logs/%zz.gz\" is invalid", text["t-badkey"], StringComparison.Ordinal);
        Assert.Equal("nothing to ship: folder-marker", text["t-folder"]);
        Assert.Equal(1, h.Sink.MetricSum("InvalidEvents"));
    }

    [Fact]
    public async Task Results_follow_task_order_even_when_later_tasks_finish_first()
    {
        var h = new Harness();
        // Earlier tasks answer later: completion order is the reverse of task order.
        h.Store.OnHead = r =>
        {
            Thread.Sleep(60 - (10 * int.Parse(r.Key[5..6], System.Globalization.CultureInfo.InvariantCulture)));
            return new GetObjectMetadataResponse { ContentLength = 1, ETag = "\"e\"" };
        };

        var answer = await h.InvokeAsync(Batch("1.0", [.. Enumerable.Range(0, 6).Select(i => Task1($"t-{i}", $"logs/{i}.gz"))]));

        Assert.Equal(["t-0", "t-1", "t-2", "t-3", "t-4", "t-5"], Results(answer).Select(r => r.TaskId));
        Assert.All(Results(answer), r => Assert.Equal("Succeeded", r.Code));
    }

    [Fact]
    public async Task Disabled_shipping_answers_permanent_failure_not_success_and_sends_nothing()
    {
        var h = new Harness(Settings(s => s with { Enabled = false }));

        var answer = await h.InvokeAsync(Batch("1.0", Task1("t-1", "logs/x.gz")));

        Assert.Equal(("PermanentFailure", "not shipped: shipping is disabled (ShipperEnabled=false)"), (Results(answer)[0].Code, Results(answer)[0].Text));
        Assert.Equal(0, h.Store.Count);
    }

    [Fact]
    public async Task Tasks_not_started_before_the_deadline_are_temporary_failures_and_nothing_throws()
    {
        var h = new Harness(Settings(s => s with { CopyConcurrency = 1, DeadlineMargin = TimeSpan.FromMilliseconds(700) })) { Remaining = TimeSpan.FromSeconds(1) };
        h.Store.Hangs = r => r is GetObjectMetadataRequest { Key: "logs/hung.gz" };

        var answer = await h.InvokeAsync(Batch("1.0", Task1("t-1", "logs/hung.gz"), Task1("t-2", "logs/next.gz")));

        Assert.Equal([("t-1", "TemporaryFailure"), ("t-2", "TemporaryFailure")], Results(answer).Select(r => (r.TaskId, r.Code)));
        Assert.All(Results(answer), r => Assert.StartsWith("DeadlineExceeded: ", r.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_key_keeps_the_result_string_short()
    {
        var h = new Harness();
        var key = "logs/" + new string('k', 900) + ".gz";

        var answer = await h.InvokeAsync(Batch("1.0", Task1("t-1", key)));

        Assert.Equal(300, Results(answer)[0].Text.Length);
        Assert.EndsWith("…", Results(answer)[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:s3:::lambdasuite-access-logs")]
    [InlineData("arn:aws:s3:us-east-1:0123456788:lambdasuite-access-logs")] // the form in AWS's sample events
    public async Task Both_bucket_arn_forms_name_the_bucket(string arn)
    {
        var h = new Harness();

        await h.InvokeAsync(Batch("1.0", Task1("t-1", "logs/x.gz", bucketArn: arn)));

        Assert.Equal("lambdasuite-access-logs", Assert.Single(h.Store.Of<CopyObjectRequest>()).SourceBucket);
    }

    [Theory]
    [InlineData("""{"invocationSchemaVersion":"3.0","invocationId":"i","job":{},"tasks":[]}""", "invocationSchemaVersion=\"3.0\" is invalid: expected 1.0 or 2.0")]
    [InlineData("""{"invocationSchemaVersion":"1.0","job":{},"tasks":[]}""", "invocationId is missing")]
    [InlineData("""{"invocationSchemaVersion":"1.0","invocationId":"i","job":{},"tasks":[{"s3Key":"logs/a"}]}""", "tasks[0].taskId is missing")]
    [InlineData("""{"invocationSchemaVersion":"1.0","invocationId":"i","job":{},"tasks":{}}""", "tasks=\"{}\" is invalid: expected an array")]
    public async Task An_envelope_that_cannot_be_answered_throws_naming_the_field_before_any_request(string payload, string message)
    {
        var h = new Harness();

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => h.HandleAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(payload))));

        Assert.Equal(message, e.Message);
        Assert.Equal(0, h.Store.Count);
    }

    [Fact]
    public async Task A_task_without_a_bucket_fails_alone()
    {
        var h = new Harness();
        var noBucket = new JsonObject { ["taskId"] = "t-2", ["s3Key"] = "logs/b.gz" };

        var answer = await h.InvokeAsync(Batch("1.0", Task1("t-1", "logs/a.gz"), noBucket));

        Assert.Equal([("t-1", "Succeeded"), ("t-2", "PermanentFailure")], Results(answer).Select(r => (r.TaskId, r.Code)));
        Assert.Equal("InvalidTask: tasks[1].s3BucketArn is missing", Results(answer)[1].Text);
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_user_argument_name_is_invalid_input_with_no_S3_request()
    {
        var h = new Harness();
        var payload = Batch("2.0", Task2("t-1", "logs/x.gz")).ToJsonString().Replace("\"k1\"", "\"\\ud800\"", StringComparison.Ordinal);

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => h.HandleAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(payload))));

        Assert.StartsWith("job.userArguments has a property name", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Store.Count);
    }

    [Fact]
    public async Task A_task_key_is_held_to_S3s_byte_limit_after_decoding_not_before()
    {
        var h = new Harness();
        // 300 x "é" encoded is 1,800 characters (over 1,024) but decodes to 605 bytes: a real key.
        var fits = "logs/" + string.Concat(Enumerable.Repeat("%C3%A9", 300));
        // 510 x "é" decodes to 1,025 bytes: over S3's limit.
        var tooLong = "logs/" + string.Concat(Enumerable.Repeat("%C3%A9", 510));

        var answer = await h.InvokeAsync(Batch("2.0", Task2("t-fits", fits), Task2("t-long", tooLong)));

        Assert.Equal([("t-fits", "Succeeded"), ("t-long", "PermanentFailure")], Results(answer).Select(r => (r.TaskId, r.Code)));
        Assert.EndsWith("at most 1,024 bytes of UTF-8 (got 1,025)", Results(answer)[1].Text, StringComparison.Ordinal);
    }
}
