using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.Common;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Preflight;
using LogShipper.Tests.Fixtures;
using Xunit;
using static LogShipper.Tests.Fixtures.Samples;

namespace LogShipper.Tests.Preflight;

/// <summary>The preflight through the handler, over the fake store: what it writes, how it copies, what it answers, logs and measures.</summary>
public sealed class PreflightRunnerTests
{
    private static readonly JsonObject Request = new() { ["preflight"] = true };

    private static CopyObjectResponse Encrypted(string algorithm, string? key = null, bool? bucketKey = null) => new()
    {
        ServerSideEncryptionMethod = new ServerSideEncryptionMethod(algorithm),
        ServerSideEncryptionKeyManagementServiceKeyId = key,
        BucketKeyEnabled = bucketKey,
    };

    private static string[] Statuses(JsonElement answer) => [.. answer.GetProperty("checks").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()}={c.GetProperty("status").GetString()}")];

    [Fact]
    public async Task The_canary_is_written_to_its_one_key_and_copied_with_the_headers_of_a_log_object()
    {
        var h = new Harness(Settings(s => s with { KmsKeyArn = KmsKey }));
        h.Store.OnCopyObject = _ => Encrypted("aws:kms", KmsKey, true);

        await h.InvokeAsync(Request);

        Assert.Equal(2, h.Store.Count);
        var put = Assert.Single(h.Store.Of<PutObjectRequest>());
        Assert.Equal(("lambdasuite-access-logs", "preflight/canary", "111111111111"), (put.BucketName, put.Key, put.ExpectedBucketOwner));
        var copy = Assert.Single(h.Store.Of<CopyObjectRequest>());
        Assert.Equal(("lambdasuite-access-logs", "preflight/canary", "canary-version"), (copy.SourceBucket, copy.SourceKey, copy.SourceVersionId));
        Assert.Equal(("customer-log-archive", "env1/preflight/canary"), (copy.DestinationBucket, copy.DestinationKey));
        Assert.Equal(("222222222222", "111111111111"), (copy.ExpectedBucketOwner, copy.ExpectedSourceBucketOwner));
        Assert.Equal((ServerSideEncryptionMethod.AWSKMS, KmsKey, true), (copy.ServerSideEncryptionMethod, copy.ServerSideEncryptionKeyManagementServiceKeyId, copy.BucketKeyEnabled));
        Assert.Equal(S3MetadataDirective.COPY, copy.MetadataDirective);
    }

    [Fact]
    public async Task Without_a_version_the_copy_is_pinned_to_the_canary_s_ETag_and_without_a_key_no_encryption_header_is_sent()
    {
        var h = new Harness();
        h.Store.OnPut = _ => new PutObjectResponse { ETag = "\"0123456789abcdef0123456789abcdef\"" };

        await h.InvokeAsync(Request);

        var copy = Assert.Single(h.Store.Of<CopyObjectRequest>());
        Assert.Equal(((string?)null, "\"0123456789abcdef0123456789abcdef\""), (copy.SourceVersionId, copy.ETagToMatch));
        Assert.Equal((null, null, null), (copy.ServerSideEncryptionMethod, copy.ServerSideEncryptionKeyManagementServiceKeyId, copy.BucketKeyEnabled));
    }

    [Fact]
    public async Task A_passing_answer_has_the_documented_shape_with_what_S3_said_about_encryption()
    {
        var h = new Harness(Settings(s => s with { KmsKeyArn = KmsKey }));
        h.Store.OnCopyObject = _ => Encrypted("aws:kms", KmsKey, true);

        var answer = await h.InvokeAsync(Request);

        Assert.Equal(
            """{"result":"pass","source":"s3://lambdasuite-access-logs/preflight/canary","destination":"s3://customer-log-archive/env1/preflight/canary","encryption":{"algorithm":"aws:kms","kmsKeyId":"""
            + $"\"{KmsKey}\"" + ""","bucketKeyEnabled":true},"checks":[""",
            answer.GetRawText()[..(answer.GetRawText().IndexOf("\"checks\":[", StringComparison.Ordinal) + 10)]);
        Assert.Equal(["source-canary-written=pass", "destination-bucket-exists=pass", "copy-allowed=pass", "encryption-as-configured=pass", "kms-key-usable=pass"], Statuses(answer));
        Assert.All(answer.GetProperty("checks").EnumerateArray(), c => Assert.False(c.TryGetProperty("fix", out _)));
        Assert.Contains("aws:kms, key " + KmsKey + ", bucket key on", answer.GetProperty("checks")[3].GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("p")]
    [InlineData("preflight/")]
    [InlineData("preflight/canary")]
    public async Task A_source_prefix_that_covers_the_canary_writes_nothing_and_fails(string prefix)
    {
        var h = new Harness(Settings(s => s with { SourcePrefix = prefix }));

        var answer = await h.InvokeAsync(Request);

        Assert.Equal(0, h.Store.Count);
        Assert.Equal("fail", answer.GetProperty("result").GetString());
        var check = answer.GetProperty("checks")[0];
        Assert.Equal(("source-canary-written", "fail"), (check.GetProperty("name").GetString(), check.GetProperty("status").GetString()));
        Assert.Contains("SourcePrefixLeavesThePreflightCanary", check.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prefix_beside_the_canary_key_does_not_cover_it()
        => Assert.Equal("pass", (await new Harness(Settings(s => s with { SourcePrefix = "preflight/canary2" })).InvokeAsync(Request)).GetProperty("checks")[0].GetProperty("status").GetString());

    [Fact]
    public async Task Disabled_shipping_still_runs_the_preflight_with_the_configured_destination()
    {
        var h = new Harness(Settings(s => s with { Enabled = false }));

        var answer = await h.InvokeAsync(Request);

        Assert.Single(h.Store.Of<CopyObjectRequest>());
        Assert.Equal("pass", answer.GetProperty("checks")[2].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_a_destination_bucket_or_owner_nothing_is_copied_and_the_fix_names_the_parameters()
    {
        var noBucket = new Harness(Settings(s => s with { Enabled = false, DestinationBucket = string.Empty, DestinationBucketOwner = null }));
        var noOwner = new Harness(Settings(s => s with { Enabled = false, DestinationBucketOwner = null }));

        var withoutBucket = await noBucket.InvokeAsync(Request);
        var withoutOwner = await noOwner.InvokeAsync(Request);

        Assert.Empty(noBucket.Store.Of<CopyObjectRequest>());
        Assert.Empty(noOwner.Store.Of<CopyObjectRequest>());
        Assert.Equal(["source-canary-written=pass", "destination-bucket-exists=fail", "copy-allowed=skipped", "encryption-as-configured=skipped", "kms-key-usable=skipped"], Statuses(withoutBucket));
        Assert.False(withoutBucket.TryGetProperty("destination", out _));
        Assert.Contains("DestinationBucket and DestinationBucketOwner", withoutBucket.GetProperty("checks")[1].GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal(["source-canary-written=pass", "destination-bucket-exists=skipped", "copy-allowed=fail", "encryption-as-configured=skipped", "kms-key-usable=skipped"], Statuses(withoutOwner));
    }

    [Fact]
    public async Task A_canary_that_cannot_be_written_is_not_copied()
    {
        var h = new Harness();
        h.Store.OnPut = _ => throw S3Error("AccessDenied", System.Net.HttpStatusCode.Forbidden, "Access Denied");

        var answer = await h.InvokeAsync(Request);

        Assert.Empty(h.Store.Of<CopyObjectRequest>());
        Assert.Equal(["source-canary-written=fail", "destination-bucket-exists=skipped", "copy-allowed=skipped", "encryption-as-configured=skipped", "kms-key-usable=skipped"], Statuses(answer));
        Assert.Contains("s3:PutObject on arn:aws:s3:::lambdasuite-access-logs/preflight/canary", answer.GetProperty("checks")[0].GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_log_line_per_check_and_PreflightFailed_is_0_on_a_pass_and_1_on_a_failure()
    {
        var passing = new Harness();
        passing.Store.OnCopyObject = _ => Encrypted("AES256");
        var failing = new Harness();
        failing.Store.OnCopyObject = _ => throw S3Error("AccessDenied", System.Net.HttpStatusCode.Forbidden, "Access Denied");

        await passing.InvokeAsync(Request);
        await failing.InvokeAsync(Request);

        var lines = failing.Sink.Json().Where(l => l.TryGetProperty("message", out var m) && m.GetString() == "preflight check").ToList();
        Assert.Equal(["source-canary-written", "destination-bucket-exists", "copy-allowed", "encryption-as-configured", "kms-key-usable"], lines.Select(l => l.GetProperty("check").GetString()));
        Assert.Equal("WARN", lines[2].GetProperty("level").GetString());
        Assert.Contains("LogShipperWritesUnderPrefix", lines[2].GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, passing.Sink.MetricSum(LogShipperMetrics.PreflightFailed));
        Assert.Single(passing.Sink.Emf(), d => d.TryGetProperty(LogShipperMetrics.PreflightFailed, out _));
        Assert.Equal(1, failing.Sink.MetricSum(LogShipperMetrics.PreflightFailed));
    }

    [Fact]
    public async Task A_failing_preflight_answers_instead_of_throwing_and_counts_no_shipped_or_failed_object()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("NoSuchBucket", System.Net.HttpStatusCode.NotFound, "The specified bucket does not exist");

        var answer = await h.InvokeAsync(Request);

        Assert.Equal("fail", answer.GetProperty("result").GetString());
        foreach (var metric in new[] { "ObjectsShipped", "ObjectsFailed", "ObjectsSkipped", "BytesShipped", InvalidEvents.Metric })
        {
            Assert.DoesNotContain(h.Sink.Emf(), d => d.TryGetProperty(metric, out _));
        }
    }

    [Fact]
    public async Task A_copy_cut_off_by_the_deadline_is_unknown_not_a_crash()
    {
        var h = new Harness { Remaining = TimeSpan.FromSeconds(60) };
        h.HangUntilTheDeadline(r => r is CopyObjectRequest);

        var answer = await h.InvokeAsync(Request);

        Assert.Equal(["source-canary-written=pass", "destination-bucket-exists=unknown", "copy-allowed=unknown", "encryption-as-configured=skipped", "kms-key-usable=skipped"], Statuses(answer));
        Assert.Contains("DeadlineExceeded", answer.GetProperty("checks")[2].GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"preflight":false}""", "event.preflight=\"false\" is invalid: expected true")]
    [InlineData("""{"preflight":"yes"}""", "event.preflight=\"\\\"yes\\\"\" is invalid: expected true")]
    [InlineData("""{"preflight":true,"Records":[]}""", "event is invalid: expected a preflight request to be exactly {\"preflight\": true}, found other fields")]
    public async Task Anything_but_exactly_the_preflight_request_is_bad_input_with_no_S3_call(string payload, string message)
    {
        var h = new Harness();

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => h.HandleAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(payload))));

        Assert.Equal(message, error.Message);
        Assert.Equal(0, h.Store.Count);
    }
}
