using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Shipping;
using LambdaSuite.TestSupport;
using LogShipper.IntegrationTests.Fakes;
using LogShipper.IntegrationTests.Fixtures;
using Xunit;
using static LogShipper.IntegrationTests.Fixtures.Events;

namespace LogShipper.IntegrationTests;

[Collection(LocalAwsGroup.Name)]
public sealed class ShippingTests(LocalAws aws)
{
    private const string KmsKey = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    [Fact]
    public async Task Keys_with_space_plus_percent_and_unicode_are_copied_byte_exact_under_the_mapped_prefix()
    {
        using var local = new Local(aws);
        string[] names = ["a b.log", "c+d.log", "100%.log", "literal %2B and %25.log", "café/€ 📦 ü.log", "deep/dir/x=1&y=2.log"];
        var records = new List<System.Text.Json.Nodes.JsonObject>();
        var expected = new Dictionary<string, byte[]>();
        for (var i = 0; i < names.Length; i++)
        {
            var key = local.Settings.SourcePrefix + names[i];
            expected[local.Settings.DestinationPrefix + names[i]] = await local.PutAsync(key, 1000 + i, seed: i);
            var (size, etag) = await local.HeadAsync(key);
            records.Add(S3Record(Local.SourceBucket, key, size, etag));
        }

        var result = await ReadAsync(await local.HandleAsync(AsStream(S3([.. records]))));

        Assert.Equal(names.Length, result.GetProperty("shipped").GetArrayLength());
        foreach (var (destinationKey, bytes) in expected)
        {
            var copied = await local.GetDestinationAsync(destinationKey);
            Assert.True(copied is not null, $"missing at destination: {destinationKey}");
            Assert.Equal(Local.Sha(bytes), Local.Sha(copied));
        }

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), result.GetProperty("shipped").EnumerateArray()
            .Select(s => s.GetProperty("destinationKey").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EventBridge_shape_ships_the_raw_key()
    {
        using var local = new Local(aws);
        var key = local.Settings.SourcePrefix + "eb a+b%.log";
        var bytes = await local.PutAsync(key, 2048, seed: 7);
        var (size, etag) = await local.HeadAsync(key);

        await local.HandleAsync(AsStream(EventBridge(Local.SourceBucket, key, size, etag)));

        Assert.Equal(Local.Sha(bytes), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "eb a+b%.log"))!));
    }

    [Fact]
    public async Task Below_the_threshold_one_object_costs_exactly_one_s3_request_carrying_owners_and_pin_and_no_sse_header_without_a_key()
    {
        using var local = new Local(aws);
        var key = local.Settings.SourcePrefix + "wire check.log";
        await local.PutAsync(key, 4096, seed: 3);
        var (size, etag) = await local.HeadAsync(key);

        await local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, size, etag))));

        var request = Assert.Single(local.Wire.Requests);
        Assert.True(request.IsCopyObject, $"{request.Method} {request.Uri}");
        // No key configured: the destination bucket's default encryption applies, so no header overrides it.
        Assert.DoesNotContain(request.Headers.Keys, h => h.StartsWith("x-amz-server-side-encryption", StringComparison.Ordinal));
        Assert.Equal("222222222222", request.Header("x-amz-expected-bucket-owner"));
        Assert.Equal("111111111111", request.Header("x-amz-source-expected-bucket-owner"));
        Assert.Equal($"\"{etag}\"", request.Header("x-amz-copy-source-if-match"));
        Assert.Equal("COPY", request.Header("x-amz-metadata-directive"));
        Assert.Null(request.Header("x-amz-acl"));
        Assert.Equal(Local.SourceBucket + "/" + key, Uri.UnescapeDataString(request.Header("x-amz-copy-source")!));
    }

    [Fact]
    public async Task Kms_settings_reach_the_wire_as_sse_kms_with_bucket_key()
    {
        using var local = new Local(aws, s => s with { KmsKeyArn = KmsKey });
        var key = local.Settings.SourcePrefix + "kms.log";
        var bytes = await local.PutAsync(key, 100, seed: 4);
        var (size, etag) = await local.HeadAsync(key);

        await local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, size, etag))));

        var request = Assert.Single(local.Wire.Requests);
        Assert.Equal("aws:kms", request.Header("x-amz-server-side-encryption"));
        Assert.Equal(KmsKey, request.Header("x-amz-server-side-encryption-aws-kms-key-id"));
        Assert.Equal("true", request.Header("x-amz-server-side-encryption-bucket-key-enabled"));
        Assert.Equal(Local.Sha(bytes), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "kms.log"))!));
    }

    [Fact]
    public async Task Above_the_threshold_the_copy_is_multipart_with_small_parts_and_byte_exact()
    {
        // fauxqs accepts request bodies up to 11 MiB, so the source is 6 MiB + a bit: two parts of 5 MiB + 1 MiB.
        using var local = new Local(aws);
        var key = local.Settings.SourcePrefix + "big file+.log";
        var bytes = await local.PutAsync(key, (int)(6 * LogShipperSettings.MiB) + 123, seed: 5);
        var (size, etag) = await local.HeadAsync(key);

        var result = await ReadAsync(await local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, size, etag)))));

        var copied = await local.GetDestinationAsync(local.Settings.DestinationPrefix + "big file+.log");
        Assert.Equal(Local.Sha(bytes), Local.Sha(copied!));
        Assert.Equal(size, result.GetProperty("shipped")[0].GetProperty("bytes").GetInt64());
        var parts = local.Wire.Requests.Where(r => r.IsUploadPartCopy).ToList();
        Assert.Equal(["bytes=0-5242879", "bytes=5242880-6291578"], parts.Select(p => p.Header("x-amz-copy-source-range")).Order(StringComparer.Ordinal));
        Assert.All(parts, p => Assert.Equal("222222222222", p.Header("x-amz-expected-bucket-owner")));
        Assert.All(parts, p => Assert.Equal($"\"{etag}\"", p.Header("x-amz-copy-source-if-match")));
        Assert.DoesNotContain(local.Wire.Requests, r => r.IsCopyObject);
        var initiate = Assert.Single(local.Wire.Requests, r => r.Method == "POST" && r.Uri.Query.Contains("uploads", StringComparison.Ordinal));
        Assert.DoesNotContain(initiate.Headers.Keys, h => h.StartsWith("x-amz-server-side-encryption", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_key_the_multipart_initiate_carries_sse_kms_that_key_and_bucket_key()
    {
        using var local = new Local(aws, s => s with { KmsKeyArn = KmsKey });
        var key = local.Settings.SourcePrefix + "big kms.log";
        var bytes = await local.PutAsync(key, (int)(5 * LogShipperSettings.MiB) + 10, seed: 8);
        var (size, etag) = await local.HeadAsync(key);

        await local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, size, etag))));

        var initiate = Assert.Single(local.Wire.Requests, r => r.Method == "POST" && r.Uri.Query.Contains("uploads", StringComparison.Ordinal));
        Assert.Equal("aws:kms", initiate.Header("x-amz-server-side-encryption"));
        Assert.Equal(KmsKey, initiate.Header("x-amz-server-side-encryption-aws-kms-key-id"));
        Assert.Equal("true", initiate.Header("x-amz-server-side-encryption-bucket-key-enabled"));
        Assert.DoesNotContain(local.Wire.Requests, r => r.IsCopyObject);
        Assert.Equal(Local.Sha(bytes), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "big kms.log"))!));
    }

    [Fact]
    public async Task A_failed_part_aborts_the_multipart_upload()
    {
        using var local = new Local(aws);
        var failing = new FailSecondPartStore(local.Store);
        local.Store = failing;
        var key = local.Settings.SourcePrefix + "abort.log";
        await local.PutAsync(key, (int)(6 * LogShipperSettings.MiB), seed: 6);
        var (size, etag) = await local.HeadAsync(key);

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, size, etag)))));

        Assert.Contains("Throttled", e.Message, StringComparison.Ordinal);
        Assert.NotNull(failing.UploadId);
        var gone = await Assert.ThrowsAsync<AmazonS3Exception>(() => local.Checker.UploadPartAsync(new UploadPartRequest
        {
            BucketName = Local.DestinationBucket, Key = local.Settings.DestinationPrefix + "abort.log", UploadId = failing.UploadId, PartNumber = 3, InputStream = new MemoryStream([1, 2, 3]),
        }));
        Assert.Equal("NoSuchUpload", gone.ErrorCode);
        Assert.Null(await local.GetDestinationAsync(local.Settings.DestinationPrefix + "abort.log"));
    }

    [Fact]
    public async Task An_overwritten_object_is_skipped_as_superseded_and_its_newer_write_ships()
    {
        using var local = new Local(aws);
        local.Store = new IfMatchEnforcingStore(local.Store, local.Checker);
        var key = local.Settings.SourcePrefix + "rewritten.log";
        await local.PutAsync(key, 500, seed: 8);
        var first = await local.HeadAsync(key);
        var second = await local.PutAsync(key, 600, seed: 9);
        var current = await local.HeadAsync(key);

        var stale = await ReadAsync(await local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, first.Size, first.ETag)))));

        Assert.Equal("superseded", stale.GetProperty("skipped")[0].GetProperty("reason").GetString());
        Assert.Null(await local.GetDestinationAsync(local.Settings.DestinationPrefix + "rewritten.log"));

        await local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, current.Size, current.ETag))));
        Assert.Equal(Local.Sha(second), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "rewritten.log"))!));
    }

    [Fact]
    public async Task A_missing_source_fails_the_invocation_as_SourceMissing()
    {
        using var local = new Local(aws);
        var key = local.Settings.SourcePrefix + "deleted before shipping.log";

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, 10, "0123456789abcdef0123456789abcdef")))));

        Assert.Contains($"\"{key}\" (SourceMissing)", e.Message, StringComparison.Ordinal);
        var line = Assert.Single(local.Sink.Json(), j => j.TryGetProperty("message", out var m) && m.GetString() == "object failed");
        Assert.Equal("SourceMissing", line.GetProperty("category").GetString());
        Assert.StartsWith("NoSuchKey", line.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, local.Sink.MetricSum("ObjectsFailed"));
    }

    [Fact]
    public async Task A_missing_destination_bucket_fails_with_NoSuchBucket_and_names_it_in_the_log()
    {
        using var local = new Local(aws, s => s with { DestinationBucket = "no-such-customer-bucket" });
        var key = local.Settings.SourcePrefix + "orphan.log";
        await local.PutAsync(key, 10, seed: 10);
        var (size, etag) = await local.HeadAsync(key);

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, size, etag)))));

        Assert.Contains("NoSuchBucket", e.Message, StringComparison.Ordinal);
        var line = Assert.Single(local.Sink.Json(), j => j.TryGetProperty("message", out var m) && m.GetString() == "object failed");
        Assert.Equal(("NoSuchBucket", "no-such-customer-bucket", key), (line.GetProperty("category").GetString(), line.GetProperty("destinationBucket").GetString(), line.GetProperty("sourceKey").GetString()));
    }

    [Fact]
    public async Task Disabled_switch_ships_nothing_and_sends_no_request()
    {
        using var local = new Local(aws, s => s with { Enabled = false });
        var key = local.Settings.SourcePrefix + "while disabled.log";
        await local.PutAsync(key, 10, seed: 11);
        var (size, etag) = await local.HeadAsync(key);

        var result = await ReadAsync(await local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, size, etag)))));

        Assert.Equal("disabled", result.GetProperty("skipped")[0].GetProperty("reason").GetString());
        Assert.Empty(local.Wire.Requests);
        Assert.Null(await local.GetDestinationAsync(local.Settings.DestinationPrefix + "while disabled.log"));
    }

    [Fact]
    public async Task Sqs_batch_returns_only_the_failed_message_and_ships_the_rest()
    {
        using var local = new Local(aws);
        var good = local.Settings.SourcePrefix + "sqs ok.log";
        var bytes = await local.PutAsync(good, 300, seed: 12);
        var (size, etag) = await local.HeadAsync(good);
        var missing = local.Settings.SourcePrefix + "sqs missing.log";

        var result = await ReadAsync(await local.HandleAsync(AsStream(Sqs(
            ("msg-ok", S3(S3Record(Local.SourceBucket, good, size, etag))),
            ("msg-missing", S3(S3Record(Local.SourceBucket, missing, 5, "0123456789abcdef0123456789abcdef")))))));

        Assert.Equal("""[{"itemIdentifier":"msg-missing"}]""", result.GetProperty("batchItemFailures").GetRawText());
        Assert.Equal(Local.Sha(bytes), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "sqs ok.log"))!));
        Assert.Equal(JsonValueKind.Array, result.GetProperty("failed").ValueKind);
        Assert.StartsWith("SourceMissing", result.GetProperty("failed")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
