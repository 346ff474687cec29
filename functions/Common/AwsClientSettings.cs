using Amazon.Runtime;
using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;

namespace LambdaSuite.Common;

/// <summary>
/// The Remediator's entry point into <see cref="AwsClientFactory"/> until it builds its clients with
/// <see cref="AwsClientFactory.Config{TConfig}"/> itself; then this type goes.
/// </summary>
public static class AwsClientSettings
{
    /// <param name="serviceId">The endpoint variable suffix: "S3", "DYNAMODB".</param>
    public static void Apply(ClientConfig config, string serviceId, TimeSpan attemptTimeout, TimeSpan connectTimeout, int maxErrorRetry, Func<string, string?>? environment = null)
        => AwsClientFactory.Apply(config, serviceId, new AwsCallLimits(attemptTimeout, connectTimeout, maxErrorRetry), new EnvironmentReader(environment ?? Environment.GetEnvironmentVariable));
}
