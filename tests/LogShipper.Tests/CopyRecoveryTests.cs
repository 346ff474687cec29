using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.LogShipper;
using Xunit;
using static LogShipper.Tests.Fixtures;

// S3's ETags are MD5 digests; the tests build them the way S3 does.
#pragma warning disable CA5351

namespace LogShipper.Tests;

/// <summary>
/// A wrong size in the event cannot fail a copy, and a copy whose response was lost is checked at
/// the destination before it is reported as failed.
/// </summary>
public sealed class CopyRecoveryTests
{
    private const long MiB = ShipperSettings.MiB;
    private const string Md5 = "0123456789abcdef0123456789abcdef";

    private static AmazonS3Exception S3Error(string code, HttpStatusCode status, string? message = null) => new(message ?? $"{code} from fake") { ErrorCode = code, StatusCode = status };

    private static bool IsDestination(GetObjectMetadataRequest r) => r.BucketName == "customer-log-archive";

    private static GetObjectMetadataResponse Head(long size, string etag) => new() { ContentLength = size, ETag = $"\"{etag}\"" };

    private static string Hex(int seed) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(seed.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    [Fact]
    public async Task An_event_that_overstates_the_size_is_copied_with_CopyObject_once_the_HEAD_shows_the_real_size()
    {
        var h = new Harness();
        h.Store.OnHead = _ => Head(1024, "feedfeedfeedfeedfeedfeedfeedfeed");

        var result = await h.InvokeAsync(S3Event(S3Record("logs/small.gz", size: 6 * MiB, eTag: null)));

        Assert.Equal([typeof(GetObjectMetadataRequest), typeof(CopyObjectRequest)], h.Store.Requests.Select(r => r.Request.GetType()));
        Assert.Equal("\"feedfeedfeedfeedfeedfeedfeedfeed\"", Assert.Single(h.Store.Of<CopyObjectRequest>()).ETagToMatch);
        Assert.Empty(h.Store.Of<InitiateMultipartUploadRequest>());
        Assert.Equal(1024, result.GetProperty("shipped")[0].GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task A_CopyObject_refused_as_too_large_switches_to_a_multipart_copy()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("InvalidRequest", HttpStatusCode.BadRequest, "The specified copy source is larger than the maximum allowable size for a copy source: 5368709120");
        h.Store.OnHead = _ => Head(12 * MiB, Md5);

        var result = await h.InvokeAsync(S3Event(S3Record("logs/understated.gz", size: 1024)));

        Assert.Single(h.Store.Of<CopyObjectRequest>());
        Assert.Single(h.Store.Of<InitiateMultipartUploadRequest>());
        Assert.Equal(3, h.Store.Of<CopyPartRequest>().Count());
        Assert.Single(h.Store.Of<CompleteMultipartUploadRequest>());
        Assert.Equal(12 * MiB, result.GetProperty("shipped")[0].GetProperty("bytes").GetInt64());
        Assert.Contains(h.Sink.Json(), l => l.GetProperty("message").GetString() == "CopyObject refused as too large; copying in parts");
    }

    [Fact]
    public async Task Other_InvalidRequest_errors_are_not_taken_for_too_large()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("InvalidRequest", HttpStatusCode.BadRequest, "This copy request is illegal");

        await Assert.ThrowsAsync<ShippingFailedException>(() => h.HandleAsync(AsStream(S3Event(S3Record("logs/x.gz")))));

        Assert.Equal([typeof(CopyObjectRequest)], h.Store.Requests.Select(r => r.Request.GetType()));
    }

    [Fact]
    public async Task A_lost_CopyObject_response_with_the_identical_object_at_the_destination_counts_as_shipped()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("InternalError", HttpStatusCode.InternalServerError);
        h.Store.OnHead = r => IsDestination(r) ? Head(1024, Md5) : throw new InvalidOperationException("no source HEAD needed");

        var result = await h.InvokeAsync(S3Event(S3Record("logs/lost.gz", size: 1024, eTag: Md5)));

        Assert.Equal("env1/lost.gz", result.GetProperty("shipped")[0].GetProperty("destinationKey").GetString());
        var check = Assert.Single(h.Store.Of<GetObjectMetadataRequest>());
        Assert.Equal(("customer-log-archive", "env1/lost.gz", "222222222222", ChecksumMode.ENABLED), (check.BucketName, check.Key, check.ExpectedBucketOwner, check.ChecksumMode));
        Assert.Equal(1, h.Sink.MetricSum("ObjectsShipped"));
        Assert.Equal(0, h.Sink.MetricSum("ObjectsFailed"));
    }

    [Theory]
    [InlineData(1024, "ffffffffffffffffffffffffffffffff")]
    [InlineData(1023, Md5)]
    public async Task A_lost_CopyObject_response_with_another_object_at_the_destination_stays_a_failure(long size, string etag)
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("InternalError", HttpStatusCode.InternalServerError);
        h.Store.OnHead = r => IsDestination(r) ? Head(size, etag) : Head(1024, Md5);

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => h.HandleAsync(AsStream(S3Event(S3Record("logs/lost.gz", size: 1024, eTag: Md5)))));

        Assert.Contains("ServerError", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_CopyObject_response_and_no_object_at_the_destination_stays_a_failure()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw new TimeoutException("attempt timed out");
        h.Store.OnHead = r => throw S3Error("NotFound", HttpStatusCode.NotFound);

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => h.HandleAsync(AsStream(S3Event(S3Record("logs/lost.gz", size: 1024, eTag: Md5)))));

        Assert.Contains("(Timeout)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Into_an_SSE_KMS_destination_the_same_full_object_checksum_proves_the_copy()
    {
        // SSE-KMS ETags are no content hash, so the checksum S3 keeps with both objects decides.
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("InternalError", HttpStatusCode.InternalServerError);
        h.Store.OnHead = r => IsDestination(r)
            ? new GetObjectMetadataResponse { ContentLength = 1024, ETag = "\"kms-etag-kms-etag-kms-etag-0000\"", ChecksumCRC64NVME = "AAECAwQFBgc=", ChecksumType = ChecksumType.FULL_OBJECT }
            : new GetObjectMetadataResponse { ContentLength = 1024, ETag = $"\"{Md5}\"", ChecksumCRC64NVME = "AAECAwQFBgc=", ChecksumType = ChecksumType.FULL_OBJECT };

        var result = await h.InvokeAsync(S3Event(S3Record("logs/kms.gz", size: 1024, eTag: Md5, versionId: "v1")));

        Assert.Equal(1, result.GetProperty("shipped").GetArrayLength());
        var source = Assert.Single(h.Store.Of<GetObjectMetadataRequest>(), r => !IsDestination(r));
        Assert.Equal(("lambdasuite-access-logs", "logs/kms.gz", "v1", ChecksumMode.ENABLED), (source.BucketName, source.Key, source.VersionId, source.ChecksumMode));
    }

    [Fact]
    public async Task Different_checksums_are_no_proof()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("InternalError", HttpStatusCode.InternalServerError);
        h.Store.OnHead = r => new GetObjectMetadataResponse { ContentLength = 1024, ETag = IsDestination(r) ? "\"kms\"" : $"\"{Md5}\"", ChecksumCRC64NVME = IsDestination(r) ? "AAAAAAAAAAA=" : "AAECAwQFBgc=" };

        await Assert.ThrowsAsync<ShippingFailedException>(() => h.HandleAsync(AsStream(S3Event(S3Record("logs/kms.gz", size: 1024, eTag: Md5)))));
    }

    [Fact]
    public async Task A_failure_that_proves_nothing_was_written_is_not_checked()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("AccessDenied", HttpStatusCode.Forbidden);

        await Assert.ThrowsAsync<ShippingFailedException>(() => h.HandleAsync(AsStream(S3Event(S3Record("logs/denied.gz")))));

        Assert.Equal(1, h.Store.Count);
    }

    [Fact]
    public async Task A_lost_Complete_response_with_the_object_our_parts_make_counts_as_shipped_without_an_abort()
    {
        var h = new Harness();
        h.Store.OnCopyPart = r => new CopyPartResponse { ETag = $"\"{Hex(r.PartNumber ?? 0)}\"" };
        h.Store.OnComplete = _ => throw S3Error("NoSuchUpload", HttpStatusCode.NotFound);
        // S3's multipart ETag: the MD5 of the concatenated binary part MD5s, then "-" and the part count.
        var expected = Convert.ToHexStringLower(MD5.HashData([.. Convert.FromHexString(Hex(1)), .. Convert.FromHexString(Hex(2)), .. Convert.FromHexString(Hex(3))])) + "-3";
        h.Store.OnHead = r => IsDestination(r) ? Head(12 * MiB, expected) : Head(12 * MiB, Md5);

        var result = await h.InvokeAsync(S3Event(S3Record("logs/big.gz", size: 12 * MiB)));

        Assert.Equal(12 * MiB, result.GetProperty("shipped")[0].GetProperty("bytes").GetInt64());
        Assert.Empty(h.Store.Of<AbortMultipartUploadRequest>());
        Assert.Contains(h.Sink.Json(), l => l.GetProperty("message").GetString()!.StartsWith("CompleteMultipartUpload failed but the destination holds", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lost_Complete_response_with_another_object_at_the_destination_aborts_and_fails()
    {
        var h = new Harness();
        h.Store.OnCopyPart = r => new CopyPartResponse { ETag = $"\"{Hex(r.PartNumber ?? 0)}\"" };
        h.Store.OnComplete = _ => throw S3Error("NoSuchUpload", HttpStatusCode.NotFound);
        h.Store.OnHead = r => IsDestination(r) ? Head(12 * MiB, Hex(99) + "-3") : Head(12 * MiB, Md5);

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => h.HandleAsync(AsStream(S3Event(S3Record("logs/big.gz", size: 12 * MiB)))));

        Assert.Contains("MultipartUploadLost", e.Message, StringComparison.Ordinal);
        Assert.Single(h.Store.Of<AbortMultipartUploadRequest>());
    }
}
