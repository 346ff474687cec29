using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.Common.Logging;
using LambdaSuite.LogShipper.Events;

namespace LambdaSuite.LogShipper.Copying;

/// <summary>
/// Copies one object server-side: CopyObject up to the threshold (one request), multipart
/// UploadPartCopy above it. No object byte passes through the function, so memory does not grow
/// with object size. The source is pinned to what fired the event (version id, else ETag).
/// </summary>
internal sealed class ObjectCopier(IObjectStore store, ShipperSettings settings, ILog log)
{
    public async Task<CopyOutcome> CopyAsync(ObjectEvent source, string destinationKey, CancellationToken cancellationToken)
    {
        var readingSource = false;
        try
        {
            GetObjectMetadataResponse? head = null;
            long size;
            if (source.Size is { } known)
            {
                size = known;
            }
            else
            {
                readingSource = true;
                head = await HeadSourceAsync(source, cancellationToken);
                readingSource = false;
                size = head.ContentLength;
            }

            if (size <= settings.MultipartThresholdBytes)
            {
                await store.CopyObjectAsync(BuildCopyObject(source, destinationKey), cancellationToken);
                return CopyOutcome.Shipped(size);
            }

            readingSource = head is null;
            head ??= await HeadSourceAsync(source, cancellationToken);
            readingSource = false;
            await CopyMultipartAsync(source, head, destinationKey, cancellationToken);
            return CopyOutcome.Shipped(head.ContentLength);
        }
        catch (Exception e) when (ErrorClassifier.IsPreconditionFailed(e))
        {
            return CopyOutcome.Superseded;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            // The invocation deadline, not S3: the whole object is retried with the event.
            return CopyOutcome.Failed(Shipper.DeadlineExceeded, "cancelled at the invocation deadline; the retry ships it", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return CopyOutcome.Failed(ErrorClassifier.Categorize(e, readingSource), ErrorClassifier.Describe(e), e);
        }
    }

    internal CopyObjectRequest BuildCopyObject(ObjectEvent source, string destinationKey)
    {
        var request = new CopyObjectRequest
        {
            SourceBucket = source.Bucket,
            SourceKey = source.Key,
            SourceVersionId = source.VersionId,
            ETagToMatch = source.VersionId is null ? Quote(source.ETag) : null,
            DestinationBucket = settings.DestinationBucket,
            DestinationKey = destinationKey,
            ExpectedBucketOwner = settings.DestinationBucketOwner,
            ExpectedSourceBucketOwner = settings.SourceBucketOwner,
            // The destination gets the source's system and user metadata, like the multipart path.
            MetadataDirective = S3MetadataDirective.COPY,
            // Copying tags would need s3:GetObjectTagging + s3:PutObjectTagging; access logs carry none.
            TaggingDirective = TaggingDirective.REPLACE,
        };
        (request.ServerSideEncryptionMethod, request.ServerSideEncryptionKeyManagementServiceKeyId, request.BucketKeyEnabled) = Encryption();

        return request;
    }

    /// <summary>
    /// The destination encryption, decided once for both copy paths: SSE-KMS with the customer's
    /// key and an S3 Bucket Key (one data key per bucket instead of one KMS call per object). Without
    /// a key no encryption header is sent at all: a header would override the destination bucket's
    /// default encryption (e.g. put SSE-S3 objects into a bucket the customer set to SSE-KMS), and
    /// S3 encrypts every object with the bucket's default anyway.
    /// </summary>
    private (ServerSideEncryptionMethod? Method, string? KeyId, bool? BucketKey) Encryption()
        => settings.KmsKeyArn is { } key
            ? (ServerSideEncryptionMethod.AWSKMS, key, true)
            : (null, null, null);

    private Task<GetObjectMetadataResponse> HeadSourceAsync(ObjectEvent source, CancellationToken cancellationToken)
        => store.GetObjectMetadataAsync(new GetObjectMetadataRequest
        {
            BucketName = source.Bucket,
            Key = source.Key,
            VersionId = source.VersionId,
            EtagToMatch = source.VersionId is null ? Quote(source.ETag) : null,
            ExpectedBucketOwner = settings.SourceBucketOwner,
        }, cancellationToken);

    private async Task CopyMultipartAsync(ObjectEvent source, GetObjectMetadataResponse head, string destinationKey, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest
        {
            BucketName = settings.DestinationBucket,
            Key = destinationKey,
            ExpectedBucketOwner = settings.DestinationBucketOwner,
        };
        CopySystemMetadata(head, initiate);
        (initiate.ServerSideEncryptionMethod, initiate.ServerSideEncryptionKeyManagementServiceKeyId, initiate.BucketKeyEnabled) = Encryption();

        var uploadId = (await store.InitiateMultipartUploadAsync(initiate, cancellationToken)).UploadId;
        try
        {
            // Every part reads the same bytes the HEAD saw: the event's version, else the HEAD's ETag.
            var etag = source.VersionId is null ? Quote(head.ETag ?? source.ETag) : null;
            var size = head.ContentLength;
            var plan = PartPlanner.Plan(size, PartPlanner.PartSize(size, settings.PartSizeBytes));
            var etags = new string[plan.Count];
            var options = new ParallelOptions { MaxDegreeOfParallelism = settings.PartConcurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(plan, options, async (part, ct) =>
            {
                var response = await store.CopyPartAsync(new CopyPartRequest
                {
                    SourceBucket = source.Bucket,
                    SourceKey = source.Key,
                    SourceVersionId = source.VersionId,
                    ETagToMatch = etag is null ? null : [etag],
                    DestinationBucket = settings.DestinationBucket,
                    DestinationKey = destinationKey,
                    UploadId = uploadId,
                    PartNumber = part.PartNumber,
                    FirstByte = part.FirstByte,
                    LastByte = part.LastByte,
                    ExpectedBucketOwner = settings.DestinationBucketOwner,
                    ExpectedSourceBucketOwner = settings.SourceBucketOwner,
                }, ct);
                etags[part.PartNumber - 1] = response.ETag;
            });

            await store.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = settings.DestinationBucket,
                Key = destinationKey,
                UploadId = uploadId,
                ExpectedBucketOwner = settings.DestinationBucketOwner,
                PartETags = [.. plan.Select(p => new PartETag(p.PartNumber, etags[p.PartNumber - 1]))],
            }, cancellationToken);
        }
        catch
        {
            await AbortAsync(destinationKey, uploadId);
            throw;
        }
    }

    /// <summary>
    /// What CopyObject with MetadataDirective=COPY keeps, so the destination's metadata does not
    /// depend on the object's size: Content-Type, Cache-Control, Content-Disposition,
    /// Content-Encoding, Content-Language, Expires and user metadata. (Tags, ACLs, storage class
    /// and object lock settings are not carried on either path.) This is why the multipart path
    /// always sends HeadObject, even when the event has the size: UploadPartCopy copies bytes only.
    /// </summary>
    private static void CopySystemMetadata(GetObjectMetadataResponse head, InitiateMultipartUploadRequest initiate)
    {
        initiate.Headers.ContentType = head.Headers.ContentType;
        initiate.Headers.CacheControl = head.Headers.CacheControl;
        initiate.Headers.ContentDisposition = head.Headers.ContentDisposition;
        initiate.Headers.ContentEncoding = head.Headers.ContentEncoding;
        initiate.Headers.ContentLanguage = head.Headers.ContentLanguage;
        initiate.Headers.Expires = head.Headers.Expires;
        foreach (var name in head.Metadata.Keys)
        {
            initiate.Metadata[name] = head.Metadata[name];
        }
    }

    /// <summary>
    /// Best effort: an orphan upload keeps billing for its parts until a lifecycle rule removes it.
    /// Never throws: whatever the abort hits (S3 error, timeout, network), the caller rethrows the
    /// failure that made us abort, which is the one that decides the object's category.
    /// </summary>
    private async Task AbortAsync(string destinationKey, string uploadId)
    {
        // Its own short budget: the copy's token may be the deadline that has just fired.
        using var budget = new CancellationTokenSource(settings.AbortBudget);
        try
        {
            await store.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = settings.DestinationBucket,
                Key = destinationKey,
                UploadId = uploadId,
                ExpectedBucketOwner = settings.DestinationBucketOwner,
            }, budget.Token);
        }
        catch (Exception e)
        {
            log.Error("multipart abort failed; the customer bucket's AbortIncompleteMultipartUpload rule must clean up", e,
                ("destinationBucket", settings.DestinationBucket), ("destinationKey", destinationKey), ("uploadId", uploadId));
        }
    }

    /// <summary>Events carry the ETag without quotes; If-Match compares entity tags, which are quoted.</summary>
    internal static string? Quote(string? etag)
        => string.IsNullOrEmpty(etag) || etag.StartsWith('"') ? etag : $"\"{etag}\"";
}
