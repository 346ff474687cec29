using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;
using LambdaSuite.LogShipper.Copying;

namespace LambdaSuite.LogShipper.Aws;

/// <summary>The production <see cref="IObjectStore"/>: straight through to the SDK's S3 client.</summary>
internal sealed class S3ObjectStore(IAmazonS3 s3) : IObjectStore
{
    /// <summary>The store over the one S3 client of an execution environment.</summary>
    public static S3ObjectStore Create(LogShipperSettings settings, EnvironmentReader env) => new(new AmazonS3Client(ClientConfig(settings, env)));

    /// <summary>
    /// Common client settings plus what S3 needs: path-style addressing whenever the SDK uses an
    /// endpoint override (emulators serve buckets by path, not by virtual host name), and one
    /// connection per request the shipper can have in flight (more would only queue at S3).
    /// </summary>
    internal static AmazonS3Config ClientConfig(LogShipperSettings settings, EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = AwsClientFactory.Config<AmazonS3Config>("S3", settings.S3Limits, env);
        config.ForcePathStyle = settings.S3ForcePathStyle || AwsClientFactory.EndpointOverride("S3", env) is not null;
        config.MaxConnectionsPerServer = settings.CopyConcurrency * settings.PartConcurrency;
        return config;
    }

    public Task<PutObjectResponse> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken)
        => s3.PutObjectAsync(request, cancellationToken);

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
