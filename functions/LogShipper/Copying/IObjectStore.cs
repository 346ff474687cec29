using Amazon.S3.Model;

namespace LambdaSuite.LogShipper.Copying;

/// <summary>
/// The few S3 calls the shipper makes. Taking the SDK's request types lets unit tests assert on
/// exactly what would be sent (SSE, expected owners, preconditions) without an emulator.
/// </summary>
internal interface IObjectStore
{
    /// <summary>Only the preflight writes an object of its own (its canary); shipping only copies.</summary>
    Task<PutObjectResponse> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken);

    Task<CopyObjectResponse> CopyObjectAsync(CopyObjectRequest request, CancellationToken cancellationToken);

    Task<GetObjectMetadataResponse> GetObjectMetadataAsync(GetObjectMetadataRequest request, CancellationToken cancellationToken);

    Task<InitiateMultipartUploadResponse> InitiateMultipartUploadAsync(InitiateMultipartUploadRequest request, CancellationToken cancellationToken);

    Task<CopyPartResponse> CopyPartAsync(CopyPartRequest request, CancellationToken cancellationToken);

    Task<CompleteMultipartUploadResponse> CompleteMultipartUploadAsync(CompleteMultipartUploadRequest request, CancellationToken cancellationToken);

    Task<AbortMultipartUploadResponse> AbortMultipartUploadAsync(AbortMultipartUploadRequest request, CancellationToken cancellationToken);
}

