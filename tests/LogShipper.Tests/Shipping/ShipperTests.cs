using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Shipping;
using LogShipper.Tests.Fixtures;
using Xunit;
using static LogShipper.Tests.Fixtures.Samples;

namespace LogShipper.Tests.Shipping;

/// <summary>
/// Every work item ends as shipped, skipped or failed, copies run concurrently within the bound,
/// SQS messages and Batch Operations tasks are answered one by one, and the deadline turns what
/// is left into failures for a retry. Run through the parser and the shipper, answered as JSON.
/// </summary>
public sealed class ShipperTests
{
    private static readonly string Record = S3Event(S3Record("logs/a.gz")).ToJsonString();

    private static IEnumerable<string?> Ids(JsonElement result) => result.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString());

    [Fact]
    public async Task Copies_run_concurrently_but_never_above_the_bound()
    {
        var h = new Harness(Settings(s => s with { CopyConcurrency = 3 }));
        h.Store.Delay = TimeSpan.FromMilliseconds(20);

        await h.ShipAsync(S3Event([.. Enumerable.Range(0, 12).Select(i => S3Record($"logs/{i}.gz"))]));

        Assert.Equal(12, h.Store.Count);
        Assert.InRange(h.Store.MaxInFlight, 2, 3);
    }

    [Fact]
    public async Task Metrics_count_objects_bytes_and_age()
    {
        var h = new Harness();

        await h.ShipAsync(S3Event(S3Record("logs/a.gz", size: 100, eventTime: "2026-11-22T11:59:00Z"), S3Record("logs/b.gz", size: 50, eventTime: "2026-11-22T11:58:00Z"), S3Record("x/c.gz")));

        Assert.Equal(2, h.Sink.MetricSum("ObjectsShipped"));
        Assert.Equal(1, h.Sink.MetricSum("ObjectsSkipped"));
        Assert.Equal(0, h.Sink.MetricSum("ObjectsFailed"));
        Assert.Equal(150, h.Sink.MetricSum("BytesShipped"));
        Assert.Equal(60 + 120, h.Sink.MetricSum("ObjectAgeSeconds"));
    }

    [Fact]
    public async Task A_log_that_would_overwrite_the_preflight_canary_is_skipped_counted_and_logged_with_no_request()
    {
        var h = new Harness();

        var result = await h.ShipAsync(S3Event(S3Record("logs/preflight/canary")));

        Assert.Equal(0, h.Store.Count);
        Assert.Equal(KeyMapper.PreflightCanary, result.GetProperty("skipped")[0].GetProperty("reason").GetString());
        Assert.Equal(1, h.Sink.MetricSum("ObjectsSkipped"));
        Assert.Contains(h.Sink.Json(), j => j.GetProperty("message").GetString() == "object skipped" && j.GetProperty("reason").GetString() == KeyMapper.PreflightCanary);
    }

    [Fact]
    public async Task Failures_answered_per_item_are_counted_apart_and_a_direct_invocation_counts_none()
    {
        var sqs = new Harness();
        sqs.Store.OnCopyObject = r => r.SourceKey == "logs/bad.gz" ? throw S3Error("AccessDenied", HttpStatusCode.Forbidden) : new CopyObjectResponse();
        await sqs.ShipAsync(SqsEvent(("m-1", Record), ("m-2", S3Event(S3Record("logs/bad.gz")).ToJsonString())));

        var batch = new Harness();
        batch.Store.OnHead = _ => throw S3Error("NotFound", HttpStatusCode.NotFound);
        await batch.ShipAsync(Batch("2.0", Task2("t-1", "logs/gone.gz"), Task2("t-2", "logs/gone2.gz")));

        var direct = new Harness();
        direct.Store.OnCopyObject = _ => throw S3Error("AccessDenied", HttpStatusCode.Forbidden);
        await direct.ShipAsync(S3Event(S3Record("logs/bad.gz")));

        Assert.Equal((1, 1), (sqs.Sink.MetricSum(LogShipperMetrics.BatchObjectsFailed), sqs.Sink.MetricSum("ObjectsFailed")));
        Assert.Equal((2, 2), (batch.Sink.MetricSum(LogShipperMetrics.BatchObjectsFailed), batch.Sink.MetricSum("ObjectsFailed")));
        // A thrown invocation is Lambda's Errors; counting it here too would alarm twice.
        Assert.Equal(1, direct.Sink.MetricSum("ObjectsFailed"));
        Assert.DoesNotContain(direct.Sink.Emf(), d => d.TryGetProperty(LogShipperMetrics.BatchObjectsFailed, out _));
    }

    [Fact]
    public async Task A_back_fill_task_ships_without_an_age_so_it_stays_out_of_the_lag_objective()
    {
        var h = new Harness();
        h.Store.OnHead = _ => new GetObjectMetadataResponse { ContentLength = 10, ETag = "\"e\"", LastModified = Now.UtcDateTime.AddDays(-30) };

        await h.ShipAsync(Batch("1.0", Task1("t-1", "logs/last-month.gz")));

        Assert.Equal(1, h.Sink.MetricSum("ObjectsShipped"));
        Assert.DoesNotContain(h.Sink.Emf(), d => d.TryGetProperty("ObjectAgeSeconds", out _));
    }

    [Fact]
    public async Task A_superseded_object_is_skipped_not_failed()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("PreconditionFailed", HttpStatusCode.PreconditionFailed);

        var result = await h.ShipAsync(S3Event(S3Record("logs/old.gz")));

        Assert.Equal("superseded", result.GetProperty("skipped")[0].GetProperty("reason").GetString());
        Assert.Equal(0, result.GetProperty("failed").GetArrayLength());
        Assert.Equal(1, h.Sink.MetricSum("ObjectsSkipped"));
        Assert.Equal(0, h.Sink.MetricSum("ObjectsFailed"));
    }

    [Fact]
    public async Task Disabled_switch_makes_no_s3_request_and_skips_everything()
    {
        var h = new Harness(Settings(s => s with { Enabled = false }));

        var result = await h.ShipAsync(S3Event(S3Record("logs/a.gz"), S3Record("logs/b.gz")));

        Assert.Equal(0, h.Store.Count);
        Assert.All(result.GetProperty("skipped").EnumerateArray(), s => Assert.Equal("disabled", s.GetProperty("reason").GetString()));
        Assert.Equal(2, h.Sink.MetricSum("ObjectsSkipped"));
    }

    [Fact]
    public async Task Test_event_is_answered_without_a_request()
    {
        var h = new Harness();

        var result = await h.ShipAsync(JsonNode.Parse("""{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"lambdasuite-access-logs"}""")!);

        Assert.Equal(0, h.Store.Count);
        Assert.Equal("test-event", result.GetProperty("skipped")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Sqs_partial_failure_lists_only_the_failed_messages()
    {
        var h = new Harness();
        h.Store.OnCopyObject = r => r.SourceKey.Contains("bad", StringComparison.Ordinal) ? throw S3Error("AccessDenied", HttpStatusCode.Forbidden) : new CopyObjectResponse();

        var result = await h.ShipAsync(SqsEvent(
            ("m-ok", S3Event(S3Record("logs/good1.gz"), S3Record("logs/good2.gz")).ToJsonString()),
            ("m-bad", S3Event(S3Record("logs/good3.gz"), S3Record("logs/bad.gz")).ToJsonString()),
            ("m-garbled", "{not json")));

        Assert.Equal(["m-bad", "m-garbled"], Ids(result));
        Assert.Equal(3, result.GetProperty("shipped").GetArrayLength());
        Assert.Equal(2, result.GetProperty("failed").GetArrayLength());
    }

    [Fact]
    public async Task Unreadable_sqs_message_counts_as_an_invalid_event_and_names_its_field()
    {
        var h = new Harness();

        var result = await h.ShipAsync(SqsEvent(("m-ok", Record), ("m-sns", """{"Type":"Notification","Message":"{oops"}""")));

        Assert.Equal(["m-sns"], Ids(result));
        Assert.StartsWith("InvalidMessage: Records[1].body (message m-sns).Message is invalid: expected JSON", result.GetProperty("failed")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, h.Sink.MetricSum("InvalidEvents"));
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "lone surrogate in a value", Record.Replace("logs/a.gz", "logs/\\ud800.gz", StringComparison.Ordinal), "expected Unicode text" },
        { "lone surrogate in a property name", Record.Replace("\"sequencer\"", "\"\\ud800\"", StringComparison.Ordinal), "has a property name" },
        { "trailing garbage", Record + "]", "expected exactly one JSON value" },
        { "a second document", Record + Record, "expected exactly one JSON value" },
        { "over-long field", S3Event(S3Record("logs/" + new string('k', 1100))).ToJsonString(), "at most 1,024 bytes of UTF-8" },
        { "SNS envelope around a lone surrogate", "{\"Type\":\"Notification\",\"Message\":" + JsonSerializer.Serialize(Record.Replace("a.gz", "\\ud800", StringComparison.Ordinal)) + "}", "expected Unicode text" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_sqs_body_fails_only_its_own_message(string description, string badBody, string expected)
    {
        var h = new Harness();

        var result = await h.ShipAsync(SqsEvent(("m-1", Record), ("m-bad", badBody), ("m-3", S3Event(S3Record("logs/c.gz")).ToJsonString())));

        Assert.Equal(["m-bad"], Ids(result));
        var error = result.GetProperty("failed")[0].GetProperty("error").GetString()!;
        Assert.StartsWith("InvalidMessage: Records[1].body (message m-bad)", error, StringComparison.Ordinal);
        Assert.True(error.Contains(expected, StringComparison.Ordinal), $"{description}: {error}");
        Assert.Equal(["logs/a.gz", "logs/c.gz"], result.GetProperty("shipped").EnumerateArray().Select(s => s.GetProperty("sourceKey").GetString()).Order());
        Assert.Equal(1, h.Sink.MetricSum("InvalidEvents"));
    }

    [Fact]
    public async Task Invalid_text_in_one_sqs_record_outside_its_body_fails_only_that_message()
    {
        var h = new Harness();
        var batch = SqsEvent(("m-1", Record), ("m-bad", Record)).ToJsonString().Replace("\"handle-m-bad\"", "\"handle-\\ud800\"", StringComparison.Ordinal);

        var result = await h.ShipAsync(Encoding.UTF8.GetBytes(batch));

        Assert.Equal(["m-bad"], Ids(result));
        Assert.StartsWith("InvalidMessage: Records[1].receiptHandle=", result.GetProperty("failed")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("logs/a.gz", Assert.Single(result.GetProperty("shipped").EnumerateArray()).GetProperty("sourceKey").GetString());
    }

    [Fact]
    public async Task At_the_deadline_the_copy_in_flight_is_cancelled_and_the_rest_fail_for_a_retry()
    {
        var h = new Harness(Settings(s => s with { CopyConcurrency = 1 }));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1), h.Time);
        h.HangUntilTheDeadline(r => r is CopyObjectRequest { SourceKey: "logs/hung.gz" });

        var result = await h.ShipAsync(S3Event(S3Record("logs/hung.gz"), S3Record("logs/next1.gz"), S3Record("logs/next2.gz")), deadline.Token);

        Assert.All(result.GetProperty("failed").EnumerateArray(), f => Assert.StartsWith("DeadlineExceeded: ", f.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.Equal(3, result.GetProperty("failed").GetArrayLength());
        Assert.Equal(["logs/hung.gz"], h.Store.Of<CopyObjectRequest>().Select(r => r.SourceKey));
        Assert.Equal(3, h.Sink.MetricSum("ObjectsFailed"));
        var notStarted = h.Sink.Json().Where(j => j.TryGetProperty("detail", out var d) && d.GetString()!.StartsWith("not started", StringComparison.Ordinal));
        Assert.Equal(["logs/next1.gz", "logs/next2.gz"], notStarted.Select(j => j.GetProperty("sourceKey").GetString()).Order());
    }

    [Fact]
    public async Task At_the_deadline_an_sqs_batch_lists_the_unfinished_messages()
    {
        var h = new Harness(Settings(s => s with { CopyConcurrency = 1 }));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1), h.Time);
        h.HangUntilTheDeadline(r => r is CopyObjectRequest { SourceKey: "logs/hung.gz" });

        var result = await h.ShipAsync(SqsEvent(("m-1", S3Event(S3Record("logs/done.gz")).ToJsonString()), ("m-2", S3Event(S3Record("logs/hung.gz")).ToJsonString()), ("m-3", S3Event(S3Record("logs/later.gz")).ToJsonString())), deadline.Token);

        Assert.Equal(["m-2", "m-3"], Ids(result));
        Assert.Equal("logs/done.gz", result.GetProperty("shipped")[0].GetProperty("sourceKey").GetString());
    }

    [Fact]
    public async Task Every_batch_task_gets_one_result_in_task_order_with_the_code_its_failure_deserves()
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

        var answer = await h.ShipAsync(Batch("2.0",
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
    public async Task Batch_results_follow_task_order_even_when_later_tasks_finish_first()
    {
        var h = new Harness();
        // Earlier tasks answer later: completion order is the reverse of task order.
        h.Store.OnHead = r =>
        {
            Thread.Sleep(60 - (10 * int.Parse(r.Key[5..6], CultureInfo.InvariantCulture)));
            return new GetObjectMetadataResponse { ContentLength = 1, ETag = "\"e\"" };
        };

        var answer = await h.ShipAsync(Batch("1.0", [.. Enumerable.Range(0, 6).Select(i => Task1($"t-{i}", $"logs/{i}.gz"))]));

        Assert.Equal(["t-0", "t-1", "t-2", "t-3", "t-4", "t-5"], Results(answer).Select(r => r.TaskId));
        Assert.All(Results(answer), r => Assert.Equal("Succeeded", r.Code));
    }

    [Fact]
    public async Task Disabled_shipping_answers_a_batch_task_permanent_failure_not_success_and_sends_nothing()
    {
        var h = new Harness(Settings(s => s with { Enabled = false }));

        var answer = await h.ShipAsync(Batch("1.0", Task1("t-1", "logs/x.gz")));

        Assert.Equal(("PermanentFailure", "not shipped: shipping is disabled (ShipperEnabled=false)"), (Results(answer)[0].Code, Results(answer)[0].Text));
        Assert.Equal(0, h.Store.Count);
    }

    [Fact]
    public async Task Batch_tasks_not_finished_by_the_deadline_are_temporary_failures()
    {
        var h = new Harness(Settings(s => s with { CopyConcurrency = 1 }));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1), h.Time);
        h.HangUntilTheDeadline(r => r is GetObjectMetadataRequest { Key: "logs/hung.gz" });

        var answer = await h.ShipAsync(Batch("1.0", Task1("t-1", "logs/hung.gz"), Task1("t-2", "logs/next.gz")), deadline.Token);

        Assert.Equal([("t-1", "TemporaryFailure"), ("t-2", "TemporaryFailure")], Results(answer).Select(r => (r.TaskId, r.Code)));
        Assert.All(Results(answer), r => Assert.StartsWith("DeadlineExceeded: ", r.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_task_key_is_held_to_S3s_byte_limit_after_decoding_not_before()
    {
        var h = new Harness();
        // 300 x "é" encoded is 1,800 characters (over 1,024) but decodes to 605 bytes: a real key.
        var fits = "logs/" + string.Concat(Enumerable.Repeat("%C3%A9", 300));
        // 510 x "é" decodes to 1,025 bytes: over S3's limit.
        var tooLong = "logs/" + string.Concat(Enumerable.Repeat("%C3%A9", 510));

        var answer = await h.ShipAsync(Batch("2.0", Task2("t-fits", fits), Task2("t-long", tooLong)));

        Assert.Equal([("t-fits", "Succeeded"), ("t-long", "PermanentFailure")], Results(answer).Select(r => (r.TaskId, r.Code)));
        Assert.EndsWith("at most 1,024 bytes of UTF-8 (got 1,025)", Results(answer)[1].Text, StringComparison.Ordinal);
    }
}
