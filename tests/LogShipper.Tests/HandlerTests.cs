using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Events;
using Xunit;
using static LogShipper.Tests.Fixtures;

namespace LogShipper.Tests;

public sealed class HandlerTests
{
    private const string KmsKey = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static AmazonS3Exception S3Error(string code, HttpStatusCode status) => new($"{code} from fake") { ErrorCode = code, StatusCode = status };

    [Fact]
    public async Task Small_object_is_one_CopyObject_with_sse_s3_expected_owners_and_etag_pin()
    {
        var h = new Harness();

        var result = await h.InvokeAsync(S3Event(S3Record("logs/a+b%2B.gz", size: 1234)));

        var request = Assert.IsType<CopyObjectRequest>(Assert.Single(h.Store.Requests).Request);
        Assert.Equal(("lambdasuite-access-logs", "logs/a b+.gz"), (request.SourceBucket, request.SourceKey));
        Assert.Equal(("customer-log-archive", "env1/a b+.gz"), (request.DestinationBucket, request.DestinationKey));
        Assert.Equal(ServerSideEncryptionMethod.AES256, request.ServerSideEncryptionMethod);
        Assert.Null(request.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.Equal("222222222222", request.ExpectedBucketOwner);
        Assert.Equal("111111111111", request.ExpectedSourceBucketOwner);
        Assert.Equal("\"0123456789abcdef0123456789abcdef\"", request.ETagToMatch);
        Assert.Null(request.SourceVersionId);
        Assert.Equal(S3MetadataDirective.COPY, request.MetadataDirective);
        Assert.Null(request.CannedACL);
        Assert.Equal(1234, result.GetProperty("shipped")[0].GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task Version_id_pins_the_source_instead_of_the_etag()
    {
        var h = new Harness();

        await h.InvokeAsync(S3Event(S3Record("logs/v.gz", versionId: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")));

        var request = Assert.Single(h.Store.Of<CopyObjectRequest>());
        Assert.Equal("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", request.SourceVersionId);
        Assert.Null(request.ETagToMatch);
    }

    [Fact]
    public async Task Kms_key_means_sse_kms_with_bucket_key()
    {
        var h = new Harness(Settings(s => s with { KmsKeyArn = KmsKey }));

        await h.InvokeAsync(S3Event(S3Record("logs/k.gz")));

        var request = Assert.Single(h.Store.Of<CopyObjectRequest>());
        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, request.ServerSideEncryptionMethod);
        Assert.Equal(KmsKey, request.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.True(request.BucketKeyEnabled);
    }

    [Fact]
    public async Task Above_the_threshold_parts_are_copied_by_range_pinned_and_completed_in_order()
    {
        const long mib = ShipperSettings.MiB;
        var h = new Harness(Settings(s => s with { KmsKeyArn = KmsKey }));
        h.Store.OnHead = _ => new GetObjectMetadataResponse { ContentLength = 12 * mib, ETag = "\"0123456789abcdef0123456789abcdef\"" };

        var result = await h.InvokeAsync(S3Event(S3Record("logs/big.gz", size: 12 * mib)));

        Assert.Empty(h.Store.Of<CopyObjectRequest>());
        var head = Assert.Single(h.Store.Of<GetObjectMetadataRequest>());
        Assert.Equal(("\"0123456789abcdef0123456789abcdef\"", "111111111111"), (head.EtagToMatch, head.ExpectedBucketOwner));
        var initiate = Assert.Single(h.Store.Of<InitiateMultipartUploadRequest>());
        Assert.Equal((ServerSideEncryptionMethod.AWSKMS, KmsKey, true, "222222222222"),
            (initiate.ServerSideEncryptionMethod, initiate.ServerSideEncryptionKeyManagementServiceKeyId, initiate.BucketKeyEnabled, initiate.ExpectedBucketOwner));
        var parts = h.Store.Of<CopyPartRequest>().OrderBy(p => p.PartNumber).ToList();
        Assert.Equal([(1, 0L, 5 * mib - 1), (2, 5 * mib, 10 * mib - 1), (3, 10 * mib, 12 * mib - 1)], parts.Select(p => (p.PartNumber, p.FirstByte, p.LastByte)));
        Assert.All(parts, p => Assert.Equal(["\"0123456789abcdef0123456789abcdef\""], p.ETagToMatch));
        Assert.All(parts, p => Assert.Equal(("222222222222", "111111111111", "upload-1"), (p.ExpectedBucketOwner, p.ExpectedSourceBucketOwner, p.UploadId)));
        var complete = Assert.Single(h.Store.Of<CompleteMultipartUploadRequest>());
        Assert.Equal(["\"part-1\"", "\"part-2\"", "\"part-3\""], complete.PartETags.Select(p => p.ETag));
        Assert.Equal("222222222222", complete.ExpectedBucketOwner);
        Assert.Empty(h.Store.Of<AbortMultipartUploadRequest>());
        Assert.Equal(12 * mib, result.GetProperty("shipped")[0].GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task Multipart_copies_carry_the_metadata_CopyObject_would_copy()
    {
        var expires = new DateTime(2027, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var h = new Harness();
        h.Store.OnHead = _ =>
        {
            var head = new GetObjectMetadataResponse { ContentLength = 11 * ShipperSettings.MiB, ETag = "\"e\"" };
            head.Headers.ContentType = "application/gzip";
            head.Headers.CacheControl = "max-age=60";
            head.Headers.ContentDisposition = "attachment; filename=\"a.gz\"";
            head.Headers.ContentEncoding = "gzip";
            head.Headers.ContentLanguage = "en";
            head.Headers.Expires = expires;
            head.Metadata["x-amz-meta-origin"] = "alb";
            return head;
        };

        await h.InvokeAsync(S3Event(S3Record("logs/big.gz", size: 11 * ShipperSettings.MiB)));

        var initiate = Assert.Single(h.Store.Of<InitiateMultipartUploadRequest>()).Headers;
        Assert.Equal(("application/gzip", "max-age=60", "attachment; filename=\"a.gz\"", "gzip", "en"),
            (initiate.ContentType, initiate.CacheControl, initiate.ContentDisposition, initiate.ContentEncoding, initiate.ContentLanguage));
        Assert.Equal(expires, initiate.Expires);
        Assert.Equal("alb", Assert.Single(h.Store.Of<InitiateMultipartUploadRequest>()).Metadata["origin"]);
    }

    [Fact]
    public async Task A_failed_part_aborts_the_upload_and_fails_the_invocation()
    {
        var h = new Harness();
        h.Store.OnHead = _ => new GetObjectMetadataResponse { ContentLength = 11 * ShipperSettings.MiB, ETag = "\"e\"" };
        h.Store.OnCopyPart = r => r.PartNumber == 2 ? throw S3Error("AccessDenied", HttpStatusCode.Forbidden) : new CopyPartResponse { ETag = "\"p\"" };

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => h.HandleAsync(AsStream(S3Event(S3Record("logs/big.gz", size: 11 * ShipperSettings.MiB)))));

        Assert.Contains("AccessDenied", e.Message, StringComparison.Ordinal);
        Assert.Equal("upload-1", Assert.Single(h.Store.Of<AbortMultipartUploadRequest>()).UploadId);
        Assert.Empty(h.Store.Of<CompleteMultipartUploadRequest>());
    }

    [Fact]
    public async Task A_failing_abort_is_logged_and_the_original_failure_keeps_its_category()
    {
        var h = new Harness();
        h.Store.OnHead = _ => new GetObjectMetadataResponse { ContentLength = 11 * ShipperSettings.MiB, ETag = "\"e\"" };
        h.Store.OnCopyPart = r => r.PartNumber == 2 ? throw S3Error("PreconditionFailed", HttpStatusCode.PreconditionFailed) : new CopyPartResponse { ETag = "\"p\"" };
        h.Store.OnAbort = _ => throw new HttpRequestException("connection reset during abort");

        var result = await h.InvokeAsync(S3Event(S3Record("logs/big.gz", size: 11 * ShipperSettings.MiB)));

        Assert.Equal("superseded", result.GetProperty("skipped")[0].GetProperty("reason").GetString());
        var line = Assert.Single(h.Sink.Json(), j => j.TryGetProperty("message", out var m) && m.GetString()!.StartsWith("multipart abort failed", StringComparison.Ordinal));
        Assert.Equal("upload-1", line.GetProperty("uploadId").GetString());
        Assert.Contains("connection reset during abort", line.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_abort_keeps_an_access_denied_part_failure_as_AccessDenied()
    {
        var h = new Harness();
        h.Store.OnHead = _ => new GetObjectMetadataResponse { ContentLength = 11 * ShipperSettings.MiB, ETag = "\"e\"" };
        h.Store.OnCopyPart = r => r.PartNumber == 2 ? throw S3Error("AccessDenied", HttpStatusCode.Forbidden) : new CopyPartResponse { ETag = "\"p\"" };
        h.Store.OnAbort = _ => throw new TimeoutException("abort timed out");

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => h.HandleAsync(AsStream(S3Event(S3Record("logs/big.gz", size: 11 * ShipperSettings.MiB)))));

        Assert.Contains("AccessDenied", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Timeout", e.Message, StringComparison.Ordinal);
        var failed = Assert.Single(h.Sink.Json(), j => j.TryGetProperty("message", out var m) && m.GetString() == "object failed");
        Assert.Equal("AccessDenied", failed.GetProperty("category").GetString());
    }

    [Fact]
    public async Task Missing_size_costs_one_head_then_one_copy()
    {
        var h = new Harness();
        h.Store.OnHead = _ => new GetObjectMetadataResponse { ContentLength = 42, ETag = "\"e\"" };

        var result = await h.InvokeAsync(S3Event(S3Record("logs/nosize.gz", size: null)));

        Assert.Equal([typeof(GetObjectMetadataRequest), typeof(CopyObjectRequest)], h.Store.Requests.Select(r => r.Request.GetType()));
        Assert.Equal(42, result.GetProperty("shipped")[0].GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task Precondition_failed_is_skipped_as_superseded_not_failed()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("PreconditionFailed", HttpStatusCode.PreconditionFailed);

        var result = await h.InvokeAsync(S3Event(S3Record("logs/old.gz")));

        Assert.Equal("superseded", result.GetProperty("skipped")[0].GetProperty("reason").GetString());
        Assert.Equal(0, result.GetProperty("failed").GetArrayLength());
        Assert.Equal(1, h.Sink.MetricSum("ObjectsSkipped"));
        Assert.Equal(0, h.Sink.MetricSum("ObjectsFailed"));
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
    public async Task Sqs_partial_failure_lists_only_the_failed_message()
    {
        var h = new Harness();
        h.Store.OnCopyObject = r => r.SourceKey.Contains("bad", StringComparison.Ordinal) ? throw S3Error("AccessDenied", HttpStatusCode.Forbidden) : new CopyObjectResponse();
        var payload = SqsEvent(
            ("m-ok", S3Event(S3Record("logs/good1.gz"), S3Record("logs/good2.gz")).ToJsonString()),
            ("m-bad", S3Event(S3Record("logs/good3.gz"), S3Record("logs/bad.gz")).ToJsonString()),
            ("m-garbled", "{not json"));

        var result = await h.InvokeAsync(payload);

        Assert.Equal(["m-bad", "m-garbled"], result.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()));
        Assert.Equal(3, result.GetProperty("shipped").GetArrayLength());
        Assert.Equal(2, result.GetProperty("failed").GetArrayLength());
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
    public async Task Disabled_switch_makes_no_s3_request_and_skips_everything()
    {
        var h = new Harness(Settings(s => s with { Enabled = false }));

        var result = await h.InvokeAsync(S3Event(S3Record("logs/a.gz"), S3Record("logs/b.gz")));

        Assert.Equal(0, h.Store.Count);
        Assert.All(result.GetProperty("skipped").EnumerateArray(), s => Assert.Equal("disabled", s.GetProperty("reason").GetString()));
        Assert.Equal(2, h.Sink.MetricSum("ObjectsSkipped"));
    }

    [Fact]
    public async Task Test_event_is_answered_without_error_or_request()
    {
        var h = new Harness();

        var result = await h.InvokeAsync(System.Text.Json.Nodes.JsonNode.Parse("""{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"lambdasuite-access-logs"}""")!);

        Assert.Equal(0, h.Store.Count);
        Assert.Equal("test-event", result.GetProperty("skipped")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Metrics_count_objects_bytes_and_age()
    {
        var h = new Harness();

        await h.InvokeAsync(S3Event(S3Record("logs/a.gz", size: 100, eventTime: "2026-11-22T11:59:00Z"), S3Record("logs/b.gz", size: 50, eventTime: "2026-11-22T11:58:00Z"), S3Record("x/c.gz")));

        Assert.Equal(2, h.Sink.MetricSum("ObjectsShipped"));
        Assert.Equal(1, h.Sink.MetricSum("ObjectsSkipped"));
        Assert.Equal(0, h.Sink.MetricSum("ObjectsFailed"));
        Assert.Equal(150, h.Sink.MetricSum("BytesShipped"));
        Assert.Equal(60 + 120, h.Sink.MetricSum("ObjectAgeSeconds"));
    }

    [Fact]
    public async Task Copies_run_concurrently_but_never_above_the_bound()
    {
        var h = new Harness(Settings(s => s with { CopyConcurrency = 3 }));
        h.Store.Delay = TimeSpan.FromMilliseconds(20);

        await h.InvokeAsync(S3Event([.. Enumerable.Range(0, 12).Select(i => S3Record($"logs/{i}.gz"))]));

        Assert.Equal(12, h.Store.Count);
        Assert.InRange(h.Store.MaxInFlight, 2, 3);
    }

    [Fact]
    public async Task Bad_input_throws_naming_the_field_without_any_request()
    {
        var h = new Harness();

        var e = await Assert.ThrowsAsync<LambdaSuite.Common.InvalidInputException>(() => h.HandleAsync(new MemoryStream("{\"Records\":[{\"eventSource\":\"aws:s3\"}]}"u8.ToArray())));

        Assert.Equal("event.Records[0].s3 is missing", e.Message);
        Assert.Equal(0, h.Store.Count);
    }

    [Theory]
    [InlineData("{not json", "event is invalid: expected JSON")]
    [InlineData("""{"Records":[{"eventSource":"aws:s3"}]}""", "event.Records[0].s3 is missing")]
    [InlineData("""{"Type":"Notification","Message":"not json at all"}""", "event.Message is invalid: expected JSON")]
    public async Task Invalid_event_is_logged_once_and_counted_as_InvalidEvents(string payload, string message)
    {
        var h = new Harness();

        var e = await Assert.ThrowsAsync<LambdaSuite.Common.InvalidInputException>(() => h.HandleAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(payload))));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        var line = Assert.Single(h.Sink.Json(), j => j.TryGetProperty("level", out var l) && l.GetString() == "ERROR");
        Assert.Equal("event invalid", line.GetProperty("message").GetString());
        Assert.Equal(e.Message, line.GetProperty("errorMessage").GetString());
        Assert.Equal(1, h.Sink.MetricSum("InvalidEvents"));
        Assert.Equal(0, h.Sink.MetricSum("ObjectsFailed"));
        Assert.Equal(0, h.Store.Count);
    }

    [Fact]
    public async Task Unreadable_sqs_message_counts_as_an_invalid_event_and_names_its_field()
    {
        var h = new Harness();

        var result = await h.InvokeAsync(SqsEvent(("m-ok", S3Event(S3Record("logs/a.gz")).ToJsonString()), ("m-sns", """{"Type":"Notification","Message":"{oops"}""")));

        Assert.Equal(["m-sns"], result.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()));
        Assert.StartsWith("InvalidMessage: Records[1].body (message m-sns).Message is invalid: expected JSON", result.GetProperty("failed")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, h.Sink.MetricSum("InvalidEvents"));
    }

    [Fact]
    public async Task Failure_message_names_a_few_masked_capped_keys_and_counts_the_rest()
    {
        var h = new Harness();
        h.Store.OnCopyObject = r => r.SourceKey.Contains("slow", StringComparison.Ordinal)
            ? throw S3Error("SlowDown", HttpStatusCode.ServiceUnavailable)
            : throw S3Error("AccessDenied", HttpStatusCode.Forbidden);
        var longKey = "logs/" + new string('k', 300) + ".gz";
        var records = new[] { S3Record("logs/jane.doe%40example.com.gz"), S3Record(Uri.EscapeDataString(longKey)), S3Record("logs/slow1.gz"), S3Record("logs/slow2.gz"), S3Record("logs/slow3.gz") };

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => h.HandleAsync(AsStream(S3Event(records))));

        Assert.StartsWith("5 of 5 objects failed (AccessDenied x2, Throttled x3): \"logs/j***@example.com.gz\" (AccessDenied); \"logs/kkk", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("and 2 more; details in the \"object failed\" log lines", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('k', 101), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("from fake", e.Message, StringComparison.Ordinal);
        Assert.Equal(5, h.Sink.Json().Count(j => j.TryGetProperty("message", out var m) && m.GetString() == "object failed"));
    }

    [Fact]
    public async Task At_the_deadline_copies_in_flight_are_cancelled_and_the_rest_fail_for_a_retry()
    {
        // Deadline after 300 ms; the first copy hangs until then, the others would start after it.
        var h = new Harness(Settings(s => s with { CopyConcurrency = 1, DeadlineMargin = TimeSpan.FromMilliseconds(700) })) { Remaining = TimeSpan.FromSeconds(1) };
        h.Store.Hangs = r => r is CopyObjectRequest { SourceKey: "logs/hung.gz" };

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => h.HandleAsync(AsStream(S3Event(S3Record("logs/hung.gz"), S3Record("logs/next1.gz"), S3Record("logs/next2.gz")))));

        Assert.StartsWith("3 of 3 objects failed (DeadlineExceeded x3)", e.Message, StringComparison.Ordinal);
        Assert.Equal(["logs/hung.gz"], h.Store.Of<CopyObjectRequest>().Select(r => r.SourceKey));
        Assert.Equal(3, h.Sink.MetricSum("ObjectsFailed"));
        var notStarted = h.Sink.Json().Where(j => j.TryGetProperty("detail", out var d) && d.GetString()!.StartsWith("not started", StringComparison.Ordinal));
        Assert.Equal(["logs/next1.gz", "logs/next2.gz"], notStarted.Select(j => j.GetProperty("sourceKey").GetString()).Order());
    }

    [Fact]
    public async Task At_the_deadline_an_sqs_batch_lists_the_unfinished_messages()
    {
        var h = new Harness(Settings(s => s with { CopyConcurrency = 1, DeadlineMargin = TimeSpan.FromMilliseconds(700) })) { Remaining = TimeSpan.FromSeconds(1) };
        h.Store.Hangs = r => r is CopyObjectRequest { SourceKey: "logs/hung.gz" };

        var result = await h.InvokeAsync(SqsEvent(("m-1", S3Event(S3Record("logs/done.gz")).ToJsonString()), ("m-2", S3Event(S3Record("logs/hung.gz")).ToJsonString()), ("m-3", S3Event(S3Record("logs/later.gz")).ToJsonString())));

        Assert.Equal(["m-2", "m-3"], result.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()));
        Assert.Equal("logs/done.gz", result.GetProperty("shipped")[0].GetProperty("sourceKey").GetString());
    }

    [Fact]
    public async Task At_the_deadline_a_multipart_copy_is_aborted_within_its_own_budget()
    {
        var h = new Harness(Settings(s => s with { DeadlineMargin = TimeSpan.FromMilliseconds(700) })) { Remaining = TimeSpan.FromSeconds(1) };
        h.Store.OnHead = _ => new GetObjectMetadataResponse { ContentLength = 11 * ShipperSettings.MiB, ETag = "\"e\"" };
        h.Store.Hangs = r => r is CopyPartRequest { PartNumber: 2 };

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => h.HandleAsync(AsStream(S3Event(S3Record("logs/big.gz", size: 11 * ShipperSettings.MiB)))));

        Assert.Contains("DeadlineExceeded", e.Message, StringComparison.Ordinal);
        Assert.Equal("upload-1", Assert.Single(h.Store.Of<AbortMultipartUploadRequest>()).UploadId);
        Assert.Empty(h.Store.Of<CompleteMultipartUploadRequest>());
        Assert.DoesNotContain(h.Sink.Json(), j => j.TryGetProperty("message", out var m) && m.GetString()!.StartsWith("multipart abort failed", StringComparison.Ordinal));
    }
}
