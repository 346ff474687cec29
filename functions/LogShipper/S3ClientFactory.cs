using Amazon.S3;
using LambdaSuite.Common;
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
        var config = new AmazonS3Config
        {
            // Emulators serve buckets by path, not by virtual host name. Only when the SDK really
            // uses the override (AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true switches it off).
            ForcePathStyle = settings.S3ForcePathStyle || AwsClientSettings.HasEndpointOverride("S3", env.Get),
            // One connection per request the shipper can have in flight; more would only queue at S3.
            MaxConnectionsPerServer = settings.CopyConcurrency * settings.PartConcurrency,
        };
        // Sized from the function's Timeout (ShipperSettings.SizedFor) so one request, retries included, ends before the invocation deadline.
        var attempt = settings.S3RequestTimeout ?? throw new InvalidOperationException("the S3 attempt timeout is sized (ShipperSettings.SizedFor) before the client is created");
        AwsClientSettings.Apply(config, "S3", attempt, settings.S3ConnectTimeout, settings.S3MaxErrorRetry, env.Get);
        return config;
    }

    public static IAmazonS3 Create(ShipperSettings settings, EnvironmentReader env) => new AmazonS3Client(Config(settings, env));
}
