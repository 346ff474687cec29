using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.Common.Logging;
using LambdaSuite.LogShipper.Model;

namespace LambdaSuite.LogShipper.Copying;

/// <summary>
/// Copies one object server-side: CopyObject up to the threshold (one request), multipart
/// UploadPartCopy above it. No object byte passes through the function, so memory does not grow
/// with object size. The source is pinned to what fired the event (version id, else ETag).
/// </summary>
/// <remarks>
/// The event's size only chooses the first attempt: once the source has been HEADed, its size
/// decides, and a CopyObject that S3 refuses as too large switches to multipart. A failure that may
/// hide an applied copy (a lost response) is checked against the destination before it is reported.
/// </remarks>
internal sealed class ObjectCopier(IObjectStore store, LogShipperSettings settings, ILog log, TimeProvider time)
{
    private readonly MultipartCopier _multipart = new(store, settings, log, time);
    private readonly DestinationCheck _check = new(store, settings);

    /// <summary>Which request a failure came from: it decides the category (a 404 on the source HEAD) and whether the destination is checked.</summary>
    private enum Step
    {
        HeadSource,
        CopyObject,
        Multipart,
    }

    public async Task<CopyOutcome> CopyAsync(ObjectEvent source, string destinationKey, CancellationToken cancellationToken)
    {
        var step = Step.HeadSource;
        GetObjectMetadataResponse? head = null;
        long size = 0;
        try
        {
            head = source.Size is null ? await HeadSourceAsync(source, cancellationToken) : null;
            size = head?.ContentLength ?? source.Size!.Value;
            if (size <= settings.MultipartThresholdBytes)
            {
                step = Step.CopyObject;
                try
                {
                    var copied = await store.CopyObjectAsync(BuildCopyObject(source, destinationKey, head), cancellationToken);
                    return CopyOutcome.Shipped(size, ObjectEncryption.Of(copied));
                }
                catch (AmazonS3Exception e) when (head is null && ErrorClassifier.IsTooLargeForCopyObject(e))
                {
                    // The event understated the size: what S3 refuses as one copy goes through parts.
                    log.Warn("CopyObject refused as too large; copying in parts", ("sourceKey", source.Key), ("eventSize", source.Size), ("detail", ErrorClassifier.Describe(e)));
                }
            }

            // The multipart path always reads the source (for its metadata), and then the HEAD's size decides.
            step = Step.HeadSource;
            head ??= await HeadSourceAsync(source, cancellationToken);
            size = head.ContentLength;
            if (size <= settings.MultipartThresholdBytes)
            {
                // The event overstated the size: a small object is one CopyObject, not a failed multipart copy.
                step = Step.CopyObject;
                var answer = await store.CopyObjectAsync(BuildCopyObject(source, destinationKey, head), cancellationToken);
                return CopyOutcome.Shipped(size, ObjectEncryption.Of(answer));
            }

            step = Step.Multipart;
            await _multipart.CopyAsync(source, head, destinationKey, cancellationToken);
            return CopyOutcome.Shipped(size);
        }
        catch (Exception e) when (ErrorClassifier.IsPreconditionFailed(e))
        {
            return CopyOutcome.Superseded;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            // The invocation deadline, not S3: the whole object is retried with the event.
            return CopyOutcome.Failed(ErrorClassifier.DeadlineExceeded, "cancelled at the invocation deadline; the retry ships it", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var category = ErrorClassifier.Categorize(e, sourceRead: step == Step.HeadSource);
            if (step == Step.CopyObject && ErrorClassifier.MayHideAppliedWrite(category)
                && await _check.HoldsCopyAsync(source, head, size, destinationKey, cancellationToken))
            {
                log.Warn("CopyObject failed but the destination holds the identical object (its response was lost); counted as shipped",
                    ("sourceKey", source.Key), ("destinationKey", destinationKey), ("category", category), ("detail", ErrorClassifier.Describe(e)));
                return CopyOutcome.Shipped(size);
            }

            return CopyOutcome.Failed(category, ErrorClassifier.Describe(e), e);
        }
    }

    /// <param name="head">The source's HEAD when one was made: its ETag pins the copy to what it saw.</param>
    internal CopyObjectRequest BuildCopyObject(ObjectEvent source, string destinationKey, GetObjectMetadataResponse? head = null)
    {
        var request = new CopyObjectRequest
        {
            SourceBucket = source.Bucket,
            SourceKey = source.Key,
            SourceVersionId = source.VersionId,
            ETagToMatch = source.VersionId is null ? Quote(head?.ETag ?? source.ETag) : null,
            DestinationBucket = settings.DestinationBucket,
            DestinationKey = destinationKey,
            ExpectedBucketOwner = settings.DestinationBucketOwner,
            ExpectedSourceBucketOwner = settings.SourceBucketOwner,
            // The destination gets the source's system and user metadata, like the multipart path.
            MetadataDirective = S3MetadataDirective.COPY,
            // Copying tags would need s3:GetObjectTagging + s3:PutObjectTagging; access logs carry none.
            TaggingDirective = TaggingDirective.REPLACE,
        };
        (request.ServerSideEncryptionMethod, request.ServerSideEncryptionKeyManagementServiceKeyId, request.BucketKeyEnabled) = Encryption(settings);

        return request;
    }

    /// <summary>
    /// The destination encryption, decided once for both copy paths: SSE-KMS with the customer's
    /// key and an S3 Bucket Key (one data key per bucket instead of one KMS call per object). Without
    /// a key no encryption header is sent at all: a header would override the destination bucket's
    /// default encryption (e.g. put SSE-S3 objects into a bucket the customer set to SSE-KMS), and
    /// S3 encrypts every object with the bucket's default anyway.
    /// </summary>
    internal static (ServerSideEncryptionMethod? Method, string? KeyId, bool? BucketKey) Encryption(LogShipperSettings settings)
        => settings.KmsKeyArn is { } key
            ? (ServerSideEncryptionMethod.AWSKMS, key, true)
            : (null, null, null);

    private Task<GetObjectMetadataResponse> HeadSourceAsync(ObjectEvent source, CancellationToken cancellationToken)
        => store.GetObjectMetadataAsync(SourceHead(source, settings), cancellationToken);

    /// <summary>A HEAD of exactly the source version the event names (or, without a version, its ETag).</summary>
    internal static GetObjectMetadataRequest SourceHead(ObjectEvent source, LogShipperSettings settings) => new()
    {
        BucketName = source.Bucket,
        Key = source.Key,
        VersionId = source.VersionId,
        EtagToMatch = source.VersionId is null ? Quote(source.ETag) : null,
        ExpectedBucketOwner = settings.SourceBucketOwner,
    };

    /// <summary>Events carry the ETag without quotes; If-Match compares entity tags, which are quoted.</summary>
    internal static string? Quote(string? etag)
        => string.IsNullOrEmpty(etag) || etag.StartsWith('"') ? etag : $"\"{etag}\"";
}
