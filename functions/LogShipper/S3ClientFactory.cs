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
    public static AmazonS3Config Config(EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var endpointOverride = env.Get("AWS_ENDPOINT_URL_S3") ?? env.Get("AWS_ENDPOINT_URL");
        return new AmazonS3Config
        {
            // Emulators serve buckets by path, not by virtual host name.
            ForcePathStyle = env.GetBool("S3_FORCE_PATH_STYLE", false) || endpointOverride is not null,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = env.GetInt32("S3_MAX_ERROR_RETRY", 3, 0, 10),
            // The SDK default is effectively infinite; a server-side copy of 5 GiB takes a while, a connect does not.
            Timeout = TimeSpan.FromSeconds(env.GetInt32("S3_REQUEST_TIMEOUT_SECONDS", 300, 5, 900)),
            ConnectTimeout = TimeSpan.FromSeconds(env.GetInt32("S3_CONNECT_TIMEOUT_SECONDS", 5, 1, 60)),
        };
    }

    public static IAmazonS3 Create(EnvironmentReader env) => new AmazonS3Client(Config(env));
}
