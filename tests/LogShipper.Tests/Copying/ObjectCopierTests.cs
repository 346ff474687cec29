using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Events;
using LambdaSuite.LogShipper.Model;
using LogShipper.Tests.Fixtures;
using Xunit;
using static LogShipper.Tests.Fixtures.Samples;

namespace LogShipper.Tests.Copying;

/// <summary>
/// The requests one object costs, how the source is pinned and encrypted, and how a wrong size in
/// the event or a lost response is recovered instead of reported as a failure.
/// </summary>
public sealed class ObjectCopierTests
{
    private const string Md5 = "0123456789abcdef0123456789abcdef";
    private const string KmsKey = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static ObjectEvent Source(string key, long? size = 1024, string? eTag = Md5, string? versionId = null)
        => new("lambdasuite-access-logs", key, size, eTag, versionId, EventTime: null);

    private static bool IsDestination(GetObjectMetadataRequest r) => r.BucketName == "customer-log-archive";

    private static GetObjectMetadataResponse Head(long size, string etag) => new() { ContentLength = size, ETag = $"\"{etag}\"" };

    [Fact]
    public async Task A_small_object_is_one_CopyObject_pinned_to_its_ETag_with_both_owners_and_no_encryption_header_without_a_key()
    {
        var h = new Harness();

        var outcome = await h.Copier.CopyAsync(Source("logs/a b+.gz", size: 1234), "env1/a b+.gz", CancellationToken.None);

        var request = Assert.IsType<CopyObjectRequest>(Assert.Single(h.Store.Requests).Request);
        Assert.Equal(("lambdasuite-access-logs", "logs/a b+.gz"), (request.SourceBucket, request.SourceKey));
        Assert.Equal(("customer-log-archive", "env1/a b+.gz"), (request.DestinationBucket, request.DestinationKey));
        Assert.Null(request.ServerSideEncryptionMethod);
        Assert.Null(request.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.Null(request.BucketKeyEnabled);
        Assert.Equal("222222222222", request.ExpectedBucketOwner);
        Assert.Equal("111111111111", request.ExpectedSourceBucketOwner);
        Assert.Equal($"\"{Md5}\"", request.ETagToMatch);
        Assert.Null(request.SourceVersionId);
        Assert.Equal(S3MetadataDirective.COPY, request.MetadataDirective);
        Assert.Null(request.CannedACL);
        Assert.Equal((CopyStatus.Shipped, 1234L), (outcome.Status, outcome.Bytes));
    }

    [Fact]
    public async Task Version_id_pins_the_source_instead_of_the_etag()
    {
        var h = new Harness();

        await h.Copier.CopyAsync(Source("logs/v.gz", versionId: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"), "env1/v.gz", CancellationToken.None);

        var request = Assert.Single(h.Store.Of<CopyObjectRequest>());
        Assert.Equal("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", request.SourceVersionId);
        Assert.Null(request.ETagToMatch);
    }

    [Fact]
    public async Task Kms_key_means_sse_kms_with_bucket_key()
    {
        var h = new Harness(Settings(s => s with { KmsKeyArn = KmsKey }));

        await h.Copier.CopyAsync(Source("logs/k.gz"), "env1/k.gz", CancellationToken.None);

        var request = Assert.Single(h.Store.Of<CopyObjectRequest>());
        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, request.ServerSideEncryptionMethod);
        Assert.Equal(KmsKey, request.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.True(request.BucketKeyEnabled);
    }

    [Fact]
    public async Task Missing_size_costs_one_head_then_one_copy()
    {
        var h = new Harness();
        h.Store.OnHead = _ => Head(42, "e");

        var outcome = await h.Copier.CopyAsync(Source("logs/nosize.gz", size: null), "env1/nosize.gz", CancellationToken.None);

        Assert.Equal([typeof(GetObjectMetadataRequest), typeof(CopyObjectRequest)], h.Store.Requests.Select(r => r.Request.GetType()));
        Assert.Equal(42, outcome.Bytes);
    }

    [Fact]
    public async Task Precondition_failed_means_a_newer_write_superseded_the_object()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("PreconditionFailed", HttpStatusCode.PreconditionFailed);

        var outcome = await h.Copier.CopyAsync(Source("logs/old.gz"), "env1/old.gz", CancellationToken.None);

        Assert.Equal(CopyStatus.Superseded, outcome.Status);
    }

    [Fact]
    public async Task An_event_that_overstates_the_size_is_copied_with_CopyObject_once_the_HEAD_shows_the_real_size()
    {
        var h = new Harness();
        h.Store.OnHead = _ => Head(1024, "feedfeedfeedfeedfeedfeedfeedfeed");

        var outcome = await h.Copier.CopyAsync(Source("logs/small.gz", size: 6 * MiB, eTag: null), "env1/small.gz", CancellationToken.None);

        Assert.Equal([typeof(GetObjectMetadataRequest), typeof(CopyObjectRequest)], h.Store.Requests.Select(r => r.Request.GetType()));
        Assert.Equal("\"feedfeedfeedfeedfeedfeedfeedfeed\"", Assert.Single(h.Store.Of<CopyObjectRequest>()).ETagToMatch);
        Assert.Empty(h.Store.Of<InitiateMultipartUploadRequest>());
        Assert.Equal(1024, outcome.Bytes);
    }

    [Fact]
    public async Task A_CopyObject_refused_as_too_large_switches_to_a_multipart_copy()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("InvalidRequest", HttpStatusCode.BadRequest, "The specified copy source is larger than the maximum allowable size for a copy source: 5368709120");
        h.Store.OnHead = _ => Head(12 * MiB, Md5);

        var outcome = await h.Copier.CopyAsync(Source("logs/understated.gz", size: 1024), "env1/understated.gz", CancellationToken.None);

        Assert.Single(h.Store.Of<CopyObjectRequest>());
        Assert.Single(h.Store.Of<InitiateMultipartUploadRequest>());
        Assert.Equal(3, h.Store.Of<CopyPartRequest>().Count());
        Assert.Single(h.Store.Of<CompleteMultipartUploadRequest>());
        Assert.Equal((CopyStatus.Shipped, 12 * MiB), (outcome.Status, outcome.Bytes));
        Assert.Contains(h.Sink.Json(), l => l.GetProperty("message").GetString() == "CopyObject refused as too large; copying in parts");
    }

    [Fact]
    public async Task Other_InvalidRequest_errors_are_not_taken_for_too_large()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("InvalidRequest", HttpStatusCode.BadRequest, "This copy request is illegal");

        var outcome = await h.Copier.CopyAsync(Source("logs/x.gz"), "env1/x.gz", CancellationToken.None);

        Assert.Equal((CopyStatus.Failed, ErrorClassifier.InvalidRequest), (outcome.Status, outcome.Category));
        Assert.Equal([typeof(CopyObjectRequest)], h.Store.Requests.Select(r => r.Request.GetType()));
    }

    [Fact]
    public async Task A_lost_CopyObject_response_with_the_identical_object_at_the_destination_counts_as_shipped()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("InternalError", HttpStatusCode.InternalServerError);
        h.Store.OnHead = r => IsDestination(r) ? Head(1024, Md5) : throw new InvalidOperationException("no source HEAD needed");

        var outcome = await h.Copier.CopyAsync(Source("logs/lost.gz"), "env1/lost.gz", CancellationToken.None);

        Assert.Equal((CopyStatus.Shipped, 1024L), (outcome.Status, outcome.Bytes));
        var check = Assert.Single(h.Store.Of<GetObjectMetadataRequest>());
        Assert.Equal(("customer-log-archive", "env1/lost.gz", "222222222222", ChecksumMode.ENABLED), (check.BucketName, check.Key, check.ExpectedBucketOwner, check.ChecksumMode));
    }

    [Theory]
    [InlineData(1024, "ffffffffffffffffffffffffffffffff")]
    [InlineData(1023, Md5)]
    public async Task A_lost_CopyObject_response_with_another_object_at_the_destination_stays_a_failure(long size, string etag)
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("InternalError", HttpStatusCode.InternalServerError);
        h.Store.OnHead = r => IsDestination(r) ? Head(size, etag) : Head(1024, Md5);

        var outcome = await h.Copier.CopyAsync(Source("logs/lost.gz"), "env1/lost.gz", CancellationToken.None);

        Assert.Equal((CopyStatus.Failed, ErrorClassifier.ServerError), (outcome.Status, outcome.Category));
    }

    [Fact]
    public async Task A_lost_CopyObject_response_and_no_object_at_the_destination_stays_a_failure()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw new TimeoutException("attempt timed out");
        h.Store.OnHead = _ => throw S3Error("NotFound", HttpStatusCode.NotFound);

        var outcome = await h.Copier.CopyAsync(Source("logs/lost.gz"), "env1/lost.gz", CancellationToken.None);

        Assert.Equal((CopyStatus.Failed, ErrorClassifier.Timeout), (outcome.Status, outcome.Category));
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

        var outcome = await h.Copier.CopyAsync(Source("logs/kms.gz", versionId: "v1"), "env1/kms.gz", CancellationToken.None);

        Assert.Equal(CopyStatus.Shipped, outcome.Status);
        var source = Assert.Single(h.Store.Of<GetObjectMetadataRequest>(), r => !IsDestination(r));
        Assert.Equal(("lambdasuite-access-logs", "logs/kms.gz", "v1", ChecksumMode.ENABLED), (source.BucketName, source.Key, source.VersionId, source.ChecksumMode));
    }

    [Fact]
    public async Task Different_checksums_are_no_proof()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("InternalError", HttpStatusCode.InternalServerError);
        h.Store.OnHead = r => new GetObjectMetadataResponse { ContentLength = 1024, ETag = IsDestination(r) ? "\"kms\"" : $"\"{Md5}\"", ChecksumCRC64NVME = IsDestination(r) ? "AAAAAAAAAAA=" : "AAECAwQFBgc=" };

        var outcome = await h.Copier.CopyAsync(Source("logs/kms.gz"), "env1/kms.gz", CancellationToken.None);

        Assert.Equal(CopyStatus.Failed, outcome.Status);
    }

    [Fact]
    public async Task A_failure_that_proves_nothing_was_written_is_not_checked()
    {
        var h = new Harness();
        h.Store.OnCopyObject = _ => throw S3Error("AccessDenied", HttpStatusCode.Forbidden);

        var outcome = await h.Copier.CopyAsync(Source("logs/denied.gz"), "env1/denied.gz", CancellationToken.None);

        Assert.Equal((CopyStatus.Failed, ErrorClassifier.AccessDenied), (outcome.Status, outcome.Category));
        Assert.Equal(1, h.Store.Count);
    }

    [Fact]
    public async Task A_copy_cut_by_the_deadline_fails_as_DeadlineExceeded_for_the_retry()
    {
        var h = new Harness();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1), h.Time);
        h.HangUntilTheDeadline(r => r is CopyObjectRequest);

        var outcome = await h.Copier.CopyAsync(Source("logs/hung.gz"), "env1/hung.gz", deadline.Token);

        Assert.Equal((CopyStatus.Failed, ErrorClassifier.DeadlineExceeded), (outcome.Status, outcome.Category));
        Assert.IsAssignableFrom<OperationCanceledException>(outcome.Exception);
    }
}
