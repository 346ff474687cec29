using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Events;
using LambdaSuite.LogShipper.Model;
using LogShipper.Tests.Fixtures;
using Xunit;
using static LogShipper.Tests.Fixtures.Samples;

// S3's ETags are MD5 digests; the tests build them the way S3 does.
#pragma warning disable CA5351

namespace LogShipper.Tests.Copying;

/// <summary>
/// Parts by byte range, pinned and completed in order; any failure aborts the upload within its own
/// budget, unless the destination shows that a Complete whose answer was lost was applied.
/// </summary>
public sealed class MultipartCopierTests
{
    private const string KmsKey = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private const string Md5 = "0123456789abcdef0123456789abcdef";

    private static readonly ObjectEvent Big = new("lambdasuite-access-logs", "logs/big.gz", 12 * MiB, Md5, VersionId: null, EventTime: null);

    private static GetObjectMetadataResponse Head(long size, string etag = Md5) => new() { ContentLength = size, ETag = $"\"{etag}\"" };

    private static bool IsDestination(GetObjectMetadataRequest r) => r.BucketName == "customer-log-archive";

    private static string Hex(int seed) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(seed.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private static Harness SecondPartFails(string code, HttpStatusCode status)
    {
        var h = new Harness();
        h.Store.OnCopyPart = r => r.PartNumber == 2 ? throw S3Error(code, status) : new CopyPartResponse { ETag = "\"p\"" };
        return h;
    }

    private static bool IsAbortFailedLine(System.Text.Json.JsonElement line)
        => line.TryGetProperty("message", out var m) && m.GetString()!.StartsWith("multipart abort failed", StringComparison.Ordinal);

    [Fact]
    public async Task Parts_are_copied_by_range_pinned_to_what_the_HEAD_saw_and_completed_in_order()
    {
        var h = new Harness(Settings(s => s with { KmsKeyArn = KmsKey }));

        await h.Multipart.CopyAsync(Big, Head(12 * MiB), "env1/big.gz", CancellationToken.None);

        var initiate = Assert.Single(h.Store.Of<InitiateMultipartUploadRequest>());
        Assert.Equal((ServerSideEncryptionMethod.AWSKMS, KmsKey, true, "222222222222"),
            (initiate.ServerSideEncryptionMethod, initiate.ServerSideEncryptionKeyManagementServiceKeyId, initiate.BucketKeyEnabled, initiate.ExpectedBucketOwner));
        var parts = h.Store.Of<CopyPartRequest>().OrderBy(p => p.PartNumber).ToList();
        Assert.Equal([(1, 0L, 5 * MiB - 1), (2, 5 * MiB, 10 * MiB - 1), (3, 10 * MiB, 12 * MiB - 1)], parts.Select(p => (p.PartNumber, p.FirstByte, p.LastByte)));
        Assert.All(parts, p => Assert.Equal([$"\"{Md5}\""], p.ETagToMatch));
        Assert.All(parts, p => Assert.Equal(("222222222222", "111111111111", "upload-1"), (p.ExpectedBucketOwner, p.ExpectedSourceBucketOwner, p.UploadId)));
        var complete = Assert.Single(h.Store.Of<CompleteMultipartUploadRequest>());
        Assert.Equal(["\"part-1\"", "\"part-2\"", "\"part-3\""], complete.PartETags.Select(p => p.ETag));
        Assert.Equal("222222222222", complete.ExpectedBucketOwner);
        Assert.Empty(h.Store.Of<AbortMultipartUploadRequest>());
    }

    [Fact]
    public async Task The_upload_carries_the_metadata_CopyObject_would_copy()
    {
        var expires = new DateTime(2027, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var h = new Harness();
        var head = Head(11 * MiB, "e");
        head.Headers.ContentType = "application/gzip";
        head.Headers.CacheControl = "max-age=60";
        head.Headers.ContentDisposition = "attachment; filename=\"a.gz\"";
        head.Headers.ContentEncoding = "gzip";
        head.Headers.ContentLanguage = "en";
        head.Headers.Expires = expires;
        head.Metadata["x-amz-meta-origin"] = "alb";

        await h.Multipart.CopyAsync(Big, head, "env1/big.gz", CancellationToken.None);

        var initiate = Assert.Single(h.Store.Of<InitiateMultipartUploadRequest>());
        Assert.Equal(("application/gzip", "max-age=60", "attachment; filename=\"a.gz\"", "gzip", "en"),
            (initiate.Headers.ContentType, initiate.Headers.CacheControl, initiate.Headers.ContentDisposition, initiate.Headers.ContentEncoding, initiate.Headers.ContentLanguage));
        Assert.Equal(expires, initiate.Headers.Expires);
        Assert.Equal("alb", initiate.Metadata["origin"]);
        Assert.Null(initiate.ServerSideEncryptionMethod);
    }

    [Fact]
    public async Task A_failed_part_aborts_the_upload_and_the_failure_is_rethrown()
    {
        var h = SecondPartFails("AccessDenied", HttpStatusCode.Forbidden);

        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => h.Multipart.CopyAsync(Big, Head(11 * MiB), "env1/big.gz", CancellationToken.None));

        Assert.Equal("AccessDenied", e.ErrorCode);
        Assert.Equal("upload-1", Assert.Single(h.Store.Of<AbortMultipartUploadRequest>()).UploadId);
        Assert.Empty(h.Store.Of<CompleteMultipartUploadRequest>());
    }

    [Fact]
    public async Task A_failing_abort_is_logged_and_the_failure_that_caused_it_is_the_one_rethrown()
    {
        var h = SecondPartFails("PreconditionFailed", HttpStatusCode.PreconditionFailed);
        h.Store.OnAbort = _ => throw new HttpRequestException("connection reset during abort");

        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => h.Multipart.CopyAsync(Big, Head(11 * MiB), "env1/big.gz", CancellationToken.None));

        Assert.True(ErrorClassifier.IsPreconditionFailed(e));
        var line = Assert.Single(h.Sink.Json(), IsAbortFailedLine);
        Assert.Equal("upload-1", line.GetProperty("uploadId").GetString());
        Assert.Contains("connection reset during abort", line.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timed_out_abort_keeps_an_access_denied_part_failure_as_AccessDenied()
    {
        var h = SecondPartFails("AccessDenied", HttpStatusCode.Forbidden);
        h.Store.OnAbort = _ => throw new TimeoutException("abort timed out");

        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => h.Multipart.CopyAsync(Big, Head(11 * MiB), "env1/big.gz", CancellationToken.None));

        Assert.Equal(ErrorClassifier.AccessDenied, ErrorClassifier.Categorize(e));
    }

    [Fact]
    public async Task At_the_deadline_the_upload_is_aborted_within_its_own_budget()
    {
        var h = new Harness();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1), h.Time);
        h.HangUntilTheDeadline(r => r is CopyPartRequest { PartNumber: 2 });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Multipart.CopyAsync(Big, Head(11 * MiB), "env1/big.gz", deadline.Token));

        Assert.Equal("upload-1", Assert.Single(h.Store.Of<AbortMultipartUploadRequest>()).UploadId);
        Assert.Empty(h.Store.Of<CompleteMultipartUploadRequest>());
        Assert.DoesNotContain(h.Sink.Json(), IsAbortFailedLine);
    }

    [Fact]
    public async Task A_hung_abort_is_cut_when_its_budget_has_passed_on_the_functions_clock()
    {
        var h = SecondPartFails("AccessDenied", HttpStatusCode.Forbidden);
        h.Store.Hangs = r => r is AbortMultipartUploadRequest;
        var cancelled = new List<bool>();
        h.Store.OnHang = (_, token) =>
        {
            h.Time.Advance(h.Settings.AbortBudget - TimeSpan.FromTicks(1));
            cancelled.Add(token.IsCancellationRequested);
            h.Time.Advance(TimeSpan.FromTicks(1));
            cancelled.Add(token.IsCancellationRequested);
            h.Time.Advance(h.Settings.AbortBudget);
        };

        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => h.Multipart.CopyAsync(Big, Head(11 * MiB), "env1/big.gz", CancellationToken.None));

        Assert.Equal([false, true], cancelled);
        Assert.Equal("AccessDenied", e.ErrorCode);
        Assert.Single(h.Sink.Json(), IsAbortFailedLine);
    }

    [Fact]
    public async Task A_lost_Complete_response_with_the_object_our_parts_make_is_a_copy_without_an_abort()
    {
        var h = new Harness();
        h.Store.OnCopyPart = r => new CopyPartResponse { ETag = $"\"{Hex(r.PartNumber ?? 0)}\"" };
        h.Store.OnComplete = _ => throw S3Error("NoSuchUpload", HttpStatusCode.NotFound);
        // S3's multipart ETag: the MD5 of the concatenated binary part MD5s, then "-" and the part count.
        var expected = Convert.ToHexStringLower(MD5.HashData([.. Convert.FromHexString(Hex(1)), .. Convert.FromHexString(Hex(2)), .. Convert.FromHexString(Hex(3))])) + "-3";
        h.Store.OnHead = r => IsDestination(r) ? Head(12 * MiB, expected) : Head(12 * MiB);

        await h.Multipart.CopyAsync(Big, Head(12 * MiB), "env1/big.gz", CancellationToken.None);

        Assert.Empty(h.Store.Of<AbortMultipartUploadRequest>());
        Assert.Contains(h.Sink.Json(), l => l.GetProperty("message").GetString()!.StartsWith("CompleteMultipartUpload failed but the destination holds", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lost_Complete_response_with_another_object_at_the_destination_aborts_and_fails()
    {
        var h = new Harness();
        h.Store.OnCopyPart = r => new CopyPartResponse { ETag = $"\"{Hex(r.PartNumber ?? 0)}\"" };
        h.Store.OnComplete = _ => throw S3Error("NoSuchUpload", HttpStatusCode.NotFound);
        h.Store.OnHead = r => IsDestination(r) ? Head(12 * MiB, Hex(99) + "-3") : Head(12 * MiB);

        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => h.Multipart.CopyAsync(Big, Head(12 * MiB), "env1/big.gz", CancellationToken.None));

        Assert.Equal(ErrorClassifier.MultipartUploadLost, ErrorClassifier.Categorize(e));
        Assert.Single(h.Store.Of<AbortMultipartUploadRequest>());
    }
}
