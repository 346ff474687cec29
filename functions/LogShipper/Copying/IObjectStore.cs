using Amazon.S3;
using Amazon.S3.Model;

namespace LambdaSuite.LogShipper.Copying;

/// <summary>
/// The few S3 calls the shipper makes. Taking the SDK's request types lets unit tests assert on
/// exactly what would be sent (SSE, expected owners, preconditions) without an emulator.
/// </summary>
internal interface IObjectStore
{
    Task<CopyObjectResponse> CopyObjectAsync(CopyObjectRequest request, CancellationToken cancellationToken);

    Task<GetObjectMetadataResponse> GetObjectMetadataAsync(GetObjectMetadataRequest request, CancellationToken cancellationToken);

    Task<InitiateMultipartUploadResponse> InitiateMultipartUploadAsync(InitiateMultipartUploadRequest request, CancellationToken cancellationToken);

    Task<CopyPartResponse> CopyPartAsync(CopyPartRequest request, CancellationToken cancellationToken);

    Task<CompleteMultipartUploadResponse> CompleteMultipartUploadAsync(CompleteMultipartUploadRequest request, CancellationToken cancellationToken);

    Task<AbortMultipartUploadResponse> AbortMultipartUploadAsync(AbortMultipartUploadRequest request, CancellationToken cancellationToken);
}

/// <summary>The production adapter: straight through to the SDK client.</summary>
internal sealed class S3ObjectStore(IAmazonS3 s3) : IObjectStore
{
    public Task<CopyObjectResponse> CopyObjectAsync(CopyObjectRequest request, CancellationToken cancellationToken)
        => s3.CopyObjectAsync(request, cancellationToken);

    public Task<GetObjectMetadataResponse> GetObjectMetadataAsync(GetObjectMetadataRequest request, CancellationToken cancellationToken)
        => s3.GetObjectMetadataAsync(request, cancellationToken);

    public Task<InitiateMultipartUploadResponse> InitiateMultipartUploadAsync(InitiateMultipartUploadRequest request, CancellationToken cancellationToken)
        => s3.InitiateMultipartUploadAsync(request, cancellationToken);

    public Task<CopyPartResponse> CopyPartAsync(CopyPartRequest request, CancellationToken cancellationToken)
        => s3.CopyPartAsync(request, cancellationToken);

    public Task<CompleteMultipartUploadResponse> CompleteMultipartUploadAsync(CompleteMultipartUploadRequest request, CancellationToken cancellationToken)
        => s3.CompleteMultipartUploadAsync(request, cancellationToken);

    public Task<AbortMultipartUploadResponse> AbortMultipartUploadAsync(AbortMultipartUploadRequest request, CancellationToken cancellationToken)
        => s3.AbortMultipartUploadAsync(request, cancellationToken);
}
