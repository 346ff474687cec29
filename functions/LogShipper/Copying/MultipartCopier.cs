using Amazon.S3.Model;
using LambdaSuite.Common.Logging;
using LambdaSuite.LogShipper.Model;

namespace LambdaSuite.LogShipper.Copying;

/// <summary>
/// A copy in parts: <c>CreateMultipartUpload</c> with the source's metadata and the configured
/// encryption, <c>UploadPartCopy</c> of byte ranges (each pinned to the version or to the ETag the
/// HEAD saw), <c>CompleteMultipartUpload</c>. Any failure aborts the upload, unless the destination
/// shows the Complete was applied and only its response was lost.
/// </summary>
internal sealed class MultipartCopier(IObjectStore store, LogShipperSettings settings, ILog log, TimeProvider time)
{
    private readonly DestinationCheck _check = new(store, settings);

    public async Task CopyAsync(ObjectEvent source, GetObjectMetadataResponse head, string destinationKey, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest
        {
            BucketName = settings.DestinationBucket,
            Key = destinationKey,
            ExpectedBucketOwner = settings.DestinationBucketOwner,
        };
        CopySystemMetadata(head, initiate);
        (initiate.ServerSideEncryptionMethod, initiate.ServerSideEncryptionKeyManagementServiceKeyId, initiate.BucketKeyEnabled) = ObjectCopier.Encryption(settings);

        var uploadId = (await store.InitiateMultipartUploadAsync(initiate, cancellationToken)).UploadId;
        try
        {
            var etags = await CopyPartsAsync(source, head, destinationKey, uploadId, cancellationToken);
            await CompleteAsync(destinationKey, uploadId, head.ContentLength, etags, cancellationToken);
        }
        catch
        {
            await AbortAsync(destinationKey, uploadId);
            throw;
        }
    }

    private async Task<string[]> CopyPartsAsync(ObjectEvent source, GetObjectMetadataResponse head, string destinationKey, string uploadId, CancellationToken cancellationToken)
    {
        // Every part reads the same bytes the HEAD saw: the event's version, else the HEAD's ETag.
        var etag = source.VersionId is null ? ObjectCopier.Quote(head.ETag ?? source.ETag) : null;
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
        return etags;
    }

    private async Task CompleteAsync(string destinationKey, string uploadId, long size, string[] etags, CancellationToken cancellationToken)
    {
        try
        {
            await store.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = settings.DestinationBucket,
                Key = destinationKey,
                UploadId = uploadId,
                ExpectedBucketOwner = settings.DestinationBucketOwner,
                PartETags = [.. etags.Select((tag, i) => new PartETag(i + 1, tag))],
            }, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && ErrorClassifier.MayHideAppliedWrite(ErrorClassifier.Categorize(e)))
        {
            // A retried Complete whose first attempt was applied answers NoSuchUpload (or the retries all fail):
            // the object those exact parts make is then already at the destination.
            if (!await _check.HoldsUploadAsync(destinationKey, size, etags, cancellationToken))
            {
                throw;
            }

            log.Warn("CompleteMultipartUpload failed but the destination holds the object these parts make (its response was lost); counted as shipped",
                ("destinationKey", destinationKey), ("uploadId", uploadId), ("detail", ErrorClassifier.Describe(e)));
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
        using var budget = new CancellationTokenSource(settings.AbortBudget, time);
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
}
