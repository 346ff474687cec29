using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using LambdaSuite.Common;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Shipping;
using LambdaSuite.TestSupport;
using LogShipper.Tests.Fixtures;
using Xunit;
using static LogShipper.Tests.Fixtures.Samples;

namespace LogShipper.Tests;

/// <summary>
/// The function as Lambda calls it: the answer of each trigger shape, a failed direct invocation,
/// bad input, the deadline, and the production wiring behind the real runtime loop.
/// </summary>
public sealed class HandlerTests : IDisposable
{
    private static readonly string Record = S3Event(S3Record("logs/a.gz")).ToJsonString();

    private readonly FakeRuntimeApi _api = new();

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_small_object_is_one_CopyObject_from_the_decoded_key_to_the_mapped_key()
    {
        var h = new Harness();

        var result = await h.InvokeAsync(S3Event(S3Record("logs/a+b%2B.gz", size: 1234)));

        var request = Assert.IsType<CopyObjectRequest>(Assert.Single(h.Store.Requests).Request);
        Assert.Equal(("lambdasuite-access-logs", "logs/a b+.gz", "customer-log-archive", "env1/a b+.gz"), (request.SourceBucket, request.SourceKey, request.DestinationBucket, request.DestinationKey));
        Assert.Equal(1234, result.GetProperty("shipped")[0].GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task Response_json_has_exactly_the_documented_camel_case_shape()
    {
        var h = new Harness();

        var s3 = await h.InvokeAsync(S3Event(S3Record("logs/a%2B%C3%A9.gz", size: 7), S3Record("logs/dir/", size: 0)));
        var sqs = await h.InvokeAsync(SqsEvent(("m-1", S3Event(S3Record("other/x.gz")).ToJsonString())));

        Assert.Equal(
            """{"shipped":[{"sourceBucket":"lambdasuite-access-logs","sourceKey":"logs/a+é.gz","destinationBucket":"customer-log-archive","destinationKey":"env1/a+é.gz","bytes":7}],"skipped":[{"sourceKey":"logs/dir/","reason":"folder-marker"}],"failed":[]}""",
            s3.GetRawText());
        Assert.Equal(
            """{"shipped":[],"skipped":[{"sourceKey":"other/x.gz","reason":"outside-source-prefix"}],"failed":[],"batchItemFailures":[]}""",
            sqs.GetRawText());
    }

    [Fact]
    public async Task A_batch_operations_task_is_answered_in_the_documented_shape_and_copies_the_version_it_names()
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
    public async Task A_batch_answer_echoes_schema_2_0_and_its_failures_are_result_codes_not_an_error()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("AccessDenied", HttpStatusCode.Forbidden);

        var answer = await h.InvokeAsync(Batch("2.0", Task2("t-1", "logs/x.gz")));

        Assert.Equal("2.0", answer.GetProperty("invocationSchemaVersion").GetString());
        Assert.Equal(("t-1", "PermanentFailure"), (Results(answer)[0].TaskId, Results(answer)[0].Code));
    }

    [Theory]
    [InlineData("NoSuchKey", HttpStatusCode.NotFound, "SourceMissing")]
    [InlineData("NoSuchBucket", HttpStatusCode.NotFound, "NoSuchBucket")]
    [InlineData("AccessDenied", HttpStatusCode.Forbidden, "AccessDenied")]
    [InlineData("KMS.DisabledException", HttpStatusCode.BadRequest, "KmsError")]
    [InlineData("SlowDown", HttpStatusCode.ServiceUnavailable, "Throttled")]
    [InlineData("InternalError", HttpStatusCode.InternalServerError, "ServerError")]
    public async Task Permanent_and_exhausted_errors_fail_the_direct_invocation_with_a_category(string code, HttpStatusCode status, string category)
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error(code, status);

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => h.HandleAsync(AsStream(S3Event(S3Record("logs/x+y.gz")))));

        Assert.Equal($"1 of 1 objects failed ({category} x1): \"logs/x y.gz\" ({category}); details in the \"object failed\" log lines", e.Message);
        var line = Assert.Single(h.Sink.Json(), j => j.TryGetProperty("message", out var m) && m.GetString() == "object failed");
        Assert.Equal(category, line.GetProperty("category").GetString());
        Assert.Equal("customer-log-archive", line.GetProperty("destinationBucket").GetString());
        Assert.Equal("logs/x y.gz", line.GetProperty("sourceKey").GetString());
        Assert.Equal(1, h.Sink.MetricSum("ObjectsFailed"));
    }

    [Fact]
    public async Task An_sqs_batch_with_a_failed_object_is_answered_not_thrown()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("AccessDenied", HttpStatusCode.Forbidden);

        var result = await h.InvokeAsync(SqsEvent(("m-1", Record)));

        Assert.Equal("m-1", Assert.Single(result.GetProperty("batchItemFailures").EnumerateArray()).GetProperty("itemIdentifier").GetString());
    }

    [Theory]
    [InlineData("{not json", "event is invalid: expected JSON")]
    [InlineData("""{"Records":[{"eventSource":"aws:s3"}]}""", "event.Records[0].s3 is missing")]
    [InlineData("""{"Type":"Notification","Message":"not json at all"}""", "event.Message is invalid: expected JSON")]
    [InlineData("""{"invocationSchemaVersion":"1.0","job":{},"tasks":[]}""", "invocationId is missing")]
    public async Task Invalid_event_is_logged_once_and_counted_as_InvalidEvents(string payload, string message)
    {
        var h = new Harness();

        var e = await DirectInvokeFailsAsync(Utf8(payload), h);

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        var line = Assert.Single(h.Sink.Json(), j => j.TryGetProperty("level", out var l) && l.GetString() == "ERROR");
        Assert.Equal("event invalid", line.GetProperty("message").GetString());
        Assert.Equal(e.Message, line.GetProperty("errorMessage").GetString());
        Assert.Equal(0, h.Sink.MetricSum("ObjectsFailed"));
    }

    public static TheoryData<string, byte[], string> BadPayloads => new()
    {
        { "lone surrogate in a value", Utf8(Record.Replace("logs/a.gz", "logs/\\ud800.gz", StringComparison.Ordinal)), "event.Records[0].s3.object.key=\"logs/\\ud800.gz\" is invalid: expected Unicode text" },
        { "lone surrogate in a property name", Utf8(Record.Replace("\"sequencer\"", "\"\\udfff\"", StringComparison.Ordinal)), "event.Records[0].s3.object has a property name \"\\udfff\" that is invalid" },
        { "trailing garbage", Utf8(Record + " garbage"), "event is invalid: expected exactly one JSON value" },
        { "a second document", Utf8(Record + Record), "event is invalid: expected exactly one JSON value" },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public async Task Malformed_input_is_one_line_naming_the_field_with_no_request(string description, byte[] payload, string message)
    {
        var e = await DirectInvokeFailsAsync(payload, new Harness());

        Assert.True(e.Message.StartsWith(message, StringComparison.Ordinal), $"{description}: {e.Message}");
    }

    [Theory]
    [InlineData("0123\n4567", "\\u000a")]
    [InlineData("0123\u00014567", "\\u0001")]
    [InlineData("0123\u00e94567", "\u00e9")]
    public async Task An_etag_that_cannot_be_sent_back_to_S3_is_bad_input_with_no_request(string etag, string shown)
    {
        var h = new Harness();

        var e = await DirectInvokeFailsAsync(Utf8(S3Event(S3Record("logs/a.gz", eTag: etag)).ToJsonString()), h);

        Assert.Equal($"event.Records[0].s3.object.eTag=\"0123{shown}4567\" is invalid: expected an S3 ETag (printable ASCII, e.g. \"d41d8cd98f00b204e9800998ecf8427e\")", e.Message);
        Assert.Equal(0, h.Store.Count);
        Assert.Equal(1, h.Sink.MetricSum("InvalidEvents"));
        Assert.Equal(0, h.Sink.MetricSum("ObjectsFailed"));
    }

    [Fact]
    public async Task Invalid_utf8_is_invalid_input_naming_the_field()
    {
        var e = await DirectInvokeFailsAsync(InvalidUtf8Key(), new Harness());

        Assert.StartsWith("event.Records[0].s3.object.key=", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected Unicode text", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("key", 1025, "event.Records[0].s3.object.key=", "at most 1,024 bytes of UTF-8 (got 1,025)")]
    [InlineData("bucket", 64, "event.Records[0].s3.bucket.name=", "at most 63 characters (got 64)")]
    public async Task An_over_long_field_is_invalid_input_naming_the_limit_and_the_length(string field, int length, string named, string expected)
    {
        var record = field == "key" ? S3Record("logs/" + new string('k', length - 5)) : S3Record("logs/a.gz", bucket: new string('b', length));

        var e = await DirectInvokeFailsAsync(Utf8(S3Event(record).ToJsonString()), new Harness());

        Assert.StartsWith(named, e.Message, StringComparison.Ordinal);
        Assert.EndsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copying_stops_the_deadline_margin_before_Lambdas_deadline_and_what_is_left_fails_for_a_retry()
    {
        var h = new Harness(Settings(s => s with { CopyConcurrency = 1, DeadlineMargin = TimeSpan.FromMilliseconds(700) })) { Remaining = TimeSpan.FromSeconds(1) };
        h.Store.Hangs = r => r is CopyObjectRequest { SourceKey: "logs/hung.gz" };
        var cancelled = new List<bool>();
        h.Store.OnHang = (_, token) =>
        {
            h.Time.Advance(TimeSpan.FromMilliseconds(300) - TimeSpan.FromTicks(1));
            cancelled.Add(token.IsCancellationRequested);
            h.Time.Advance(TimeSpan.FromTicks(1));
            cancelled.Add(token.IsCancellationRequested);
            // On to Lambda's deadline, so a wrong margin fails the assertion below instead of hanging.
            h.Time.Advance(TimeSpan.FromMilliseconds(700));
        };

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => h.HandleAsync(AsStream(S3Event(S3Record("logs/hung.gz"), S3Record("logs/next1.gz"), S3Record("logs/next2.gz")))));

        Assert.Equal([false, true], cancelled);
        Assert.StartsWith("3 of 3 objects failed (DeadlineExceeded x3)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(600, true)] // 3 x 200 s + 2 x 20 s backoff > 600 - 15 s
    [InlineData(900, false)]
    public async Task The_first_invocations_deadline_reveals_the_timeout_the_s3_client_is_sized_for(int timeoutSeconds, bool refused)
    {
        var env = new Dictionary<string, string>
        {
            ["SHIPPER_ENABLED"] = "true",
            ["SOURCE_BUCKET"] = "lambdasuite-access-logs",
            ["SOURCE_PREFIX"] = "logs/",
            ["DESTINATION_BUCKET"] = "customer-log-archive",
            ["DESTINATION_BUCKET_OWNER"] = "222222222222",
            ["S3_REQUEST_TIMEOUT_SECONDS"] = "200",
            ["AWS_REGION"] = "us-east-1",
        };
        var testEvent = File.ReadAllBytes(RepositoryPaths.Combine("infra", "events", "logshipper", "s3-test-event.json"));
        _api.Enqueue(testEvent, "req-1", DateTimeOffset.UtcNow.AddSeconds(timeoutSeconds));
        _api.Enqueue(testEvent, "req-2", DateTimeOffset.UtcNow.AddSeconds(timeoutSeconds));

        var exit = await _api.RunAsync(() => new Handler(new EnvironmentReader(env)), new JsonLog(new MemorySink(), "LogShipper"));

        // (Outside Lambda the 900 s run may still fail later, creating the client without credentials: not for its configuration.)
        Assert.Equal(0, exit);
        Assert.Equal(2, _api.Posts.Count);
        Assert.All(_api.Posts, p => Assert.Equal(refused, p.ErrorType == "Function.ConfigurationException"));
        if (refused)
        {
            Assert.StartsWith("S3_REQUEST_TIMEOUT_SECONDS=\"200\" is invalid", JsonDocument.Parse(_api.Posts[1].Body).RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Behind_the_runtime_loop_bad_input_is_posted_as_the_error_and_every_line_names_its_invocation()
    {
        var h = new Harness();
        _api.Enqueue("{\"Records\":[{\"eventSource\":\"aws:s3\"}]}", "req-1", DateTimeOffset.UtcNow.AddMinutes(10));
        _api.Enqueue(Record, "req-2", DateTimeOffset.UtcNow.AddMinutes(10));

        await _api.RunAsync(() => h.Handler, h.Log);

        Assert.Equal(["/2018-06-01/runtime/invocation/req-1/error", "/2018-06-01/runtime/invocation/req-2/response"], _api.Posts.Select(p => p.Path));
        Assert.Equal("Function.InvalidInputException", _api.Posts[0].ErrorType);
        var lines = h.Sink.Json().Where(l => !l.TryGetProperty("_aws", out _)).ToList();
        Assert.Contains(lines, l => l.GetProperty("requestId").GetString() == "req-1" && l.GetProperty("coldStart").GetBoolean());
        Assert.Contains(lines, l => l.GetProperty("requestId").GetString() == "req-2" && !l.GetProperty("coldStart").GetBoolean());
        Assert.All(lines, l => Assert.True(l.TryGetProperty("requestId", out _)));
    }

    public void Dispose() => _api.Dispose();

    /// <summary>The event with 0xC3 0x28 (a lead byte without its continuation) in place of the key's last character.</summary>
    private static byte[] InvalidUtf8Key()
    {
        var bytes = Utf8(Record);
        var at = Encoding.UTF8.GetString(bytes).IndexOf("a.gz", StringComparison.Ordinal);
        return [.. bytes[..at], 0xC3, 0x28, .. bytes[(at + 1)..]];
    }

    /// <summary>Bad input: one <see cref="InvalidInputException"/> line, no S3 request, counted once as InvalidEvents.</summary>
    private static async Task<InvalidInputException> DirectInvokeFailsAsync(byte[] payload, Harness h)
    {
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => h.HandleAsync(new MemoryStream(payload)));
        Assert.Equal(0, h.Store.Count);
        Assert.Equal(1, h.Sink.MetricSum("InvalidEvents"));
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }
}
