using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.LogShipper.Copying;

namespace LogShipper.IntegrationTests.Fakes;

/// <summary>Lets part 2 of a multipart copy fail (as a throttled part would after the SDK's retries); the rest is real.</summary>
internal sealed class FailSecondPartStore(IObjectStore inner) : IObjectStore
{
    public string? UploadId { get; private set; }

    public Task<CopyObjectResponse> CopyObjectAsync(CopyObjectRequest request, CancellationToken cancellationToken) => inner.CopyObjectAsync(request, cancellationToken);

    public Task<PutObjectResponse> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken) => inner.PutObjectAsync(request, cancellationToken);

    public Task<GetObjectMetadataResponse> GetObjectMetadataAsync(GetObjectMetadataRequest request, CancellationToken cancellationToken) => inner.GetObjectMetadataAsync(request, cancellationToken);

    public async Task<InitiateMultipartUploadResponse> InitiateMultipartUploadAsync(InitiateMultipartUploadRequest request, CancellationToken cancellationToken)
    {
        var response = await inner.InitiateMultipartUploadAsync(request, cancellationToken);
        UploadId = response.UploadId;
        return response;
    }

    public Task<CopyPartResponse> CopyPartAsync(CopyPartRequest request, CancellationToken cancellationToken)
        => request.PartNumber == 2
            ? throw new AmazonS3Exception("Please reduce your request rate.") { ErrorCode = "SlowDown", StatusCode = HttpStatusCode.ServiceUnavailable }
            : inner.CopyPartAsync(request, cancellationToken);

    public Task<CompleteMultipartUploadResponse> CompleteMultipartUploadAsync(CompleteMultipartUploadRequest request, CancellationToken cancellationToken) => inner.CompleteMultipartUploadAsync(request, cancellationToken);

    public Task<AbortMultipartUploadResponse> AbortMultipartUploadAsync(AbortMultipartUploadRequest request, CancellationToken cancellationToken) => inner.AbortMultipartUploadAsync(request, cancellationToken);
}
