using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.LogShipper.Copying;

namespace LogShipper.IntegrationTests.Fakes;

/// <summary>
/// Applies CopyObject and CompleteMultipartUpload on fauxqs, then answers as the SDK's retry
/// would after the first response was lost: 500 InternalError, or 404 NoSuchUpload for Complete.
/// </summary>
internal sealed class LostResponseStore(IObjectStore inner, bool apply = true) : IObjectStore
{
    public int Completes { get; private set; }

    public async Task<CopyObjectResponse> CopyObjectAsync(CopyObjectRequest request, CancellationToken cancellationToken)
    {
        if (apply)
        {
            await inner.CopyObjectAsync(request, cancellationToken);
        }

        throw new AmazonS3Exception("We encountered an internal error. Please try again.") { ErrorCode = "InternalError", StatusCode = HttpStatusCode.InternalServerError };
    }

    public async Task<CompleteMultipartUploadResponse> CompleteMultipartUploadAsync(CompleteMultipartUploadRequest request, CancellationToken cancellationToken)
    {
        Completes++;
        await inner.CompleteMultipartUploadAsync(request, cancellationToken);
        throw new AmazonS3Exception("The specified upload does not exist.") { ErrorCode = "NoSuchUpload", StatusCode = HttpStatusCode.NotFound };
    }

    public Task<PutObjectResponse> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken) => inner.PutObjectAsync(request, cancellationToken);

    public Task<GetObjectMetadataResponse> GetObjectMetadataAsync(GetObjectMetadataRequest request, CancellationToken cancellationToken) => inner.GetObjectMetadataAsync(request, cancellationToken);

    public Task<InitiateMultipartUploadResponse> InitiateMultipartUploadAsync(InitiateMultipartUploadRequest request, CancellationToken cancellationToken) => inner.InitiateMultipartUploadAsync(request, cancellationToken);

    public Task<CopyPartResponse> CopyPartAsync(CopyPartRequest request, CancellationToken cancellationToken) => inner.CopyPartAsync(request, cancellationToken);

    public Task<AbortMultipartUploadResponse> AbortMultipartUploadAsync(AbortMultipartUploadRequest request, CancellationToken cancellationToken) => inner.AbortMultipartUploadAsync(request, cancellationToken);
}
