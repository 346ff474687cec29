using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.LogShipper.Copying;

namespace LogShipper.IntegrationTests.Fakes;

/// <summary>
/// fauxqs ignores x-amz-copy-source-if-match. This wrapper applies S3's rule in front of it (HEAD
/// the source, answer 412 PreconditionFailed on an ETag mismatch) so the superseded path runs
/// against real stored objects. Everything else passes straight through.
/// </summary>
internal sealed class IfMatchEnforcingStore(IObjectStore inner, IAmazonS3 checker) : IObjectStore
{
    public async Task<CopyObjectResponse> CopyObjectAsync(CopyObjectRequest request, CancellationToken cancellationToken)
    {
        if (request.ETagToMatch is { } expected)
        {
            var current = await checker.GetObjectMetadataAsync(request.SourceBucket, request.SourceKey, cancellationToken);
            if (current.ETag != expected)
            {
                throw new AmazonS3Exception("At least one of the preconditions you specified did not hold.")
                {
                    ErrorCode = "PreconditionFailed",
                    StatusCode = HttpStatusCode.PreconditionFailed,
                };
            }
        }

        return await inner.CopyObjectAsync(request, cancellationToken);
    }

    public Task<PutObjectResponse> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken) => inner.PutObjectAsync(request, cancellationToken);

    public Task<GetObjectMetadataResponse> GetObjectMetadataAsync(GetObjectMetadataRequest request, CancellationToken cancellationToken) => inner.GetObjectMetadataAsync(request, cancellationToken);

    public Task<InitiateMultipartUploadResponse> InitiateMultipartUploadAsync(InitiateMultipartUploadRequest request, CancellationToken cancellationToken) => inner.InitiateMultipartUploadAsync(request, cancellationToken);

    public Task<CopyPartResponse> CopyPartAsync(CopyPartRequest request, CancellationToken cancellationToken) => inner.CopyPartAsync(request, cancellationToken);

    public Task<CompleteMultipartUploadResponse> CompleteMultipartUploadAsync(CompleteMultipartUploadRequest request, CancellationToken cancellationToken) => inner.CompleteMultipartUploadAsync(request, cancellationToken);

    public Task<AbortMultipartUploadResponse> AbortMultipartUploadAsync(AbortMultipartUploadRequest request, CancellationToken cancellationToken) => inner.AbortMultipartUploadAsync(request, cancellationToken);
}
