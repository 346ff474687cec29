using Amazon.Runtime;
using Amazon.S3;
using LambdaSuite.Common.Configuration;

namespace LambdaSuite.LogShipper;

/// <summary>
/// Builds the one S3 client of an execution environment. The SDK resolves region, credentials and
/// any AWS_ENDPOINT_URL(_S3) override itself; we only add what it cannot guess.
/// </summary>
internal static class S3ClientFactory
{
    public static AmazonS3Config Config(ShipperSettings settings, EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(env);
        var endpointOverride = env.Get("AWS_ENDPOINT_URL_S3") ?? env.Get("AWS_ENDPOINT_URL");
        return new AmazonS3Config
        {
            // Emulators serve buckets by path, not by virtual host name.
            ForcePathStyle = settings.S3ForcePathStyle || endpointOverride is not null,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = settings.S3MaxErrorRetry,
            // Sized at init so one request, retries included, ends before the invocation deadline.
            Timeout = settings.S3RequestTimeout,
            ConnectTimeout = settings.S3ConnectTimeout,
            // One connection per request the shipper can have in flight; more would only queue at S3.
            MaxConnectionsPerServer = settings.CopyConcurrency * settings.PartConcurrency,
        };
    }

    public static IAmazonS3 Create(ShipperSettings settings, EnvironmentReader env) => new AmazonS3Client(Config(settings, env));
}
