using Amazon.Runtime;

namespace LambdaSuite.Common;

/// <summary>
/// Timeouts and retries for AWSSDK clients, set explicitly: the SDK's defaults (no request timeout,
/// ten DynamoDB retries) can outlast a Lambda invocation. Endpoints are left to the SDK, which
/// resolves AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_&lt;SERVICE&gt; itself.
/// </summary>
public static class AwsClientSettings
{
    /// <param name="serviceId">The endpoint variable suffix: "S3", "DYNAMODB".</param>
    public static void Apply(ClientConfig config, string serviceId, TimeSpan attemptTimeout, TimeSpan connectTimeout, int maxErrorRetry, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Timeout = attemptTimeout;
        config.ConnectTimeout = connectTimeout;
        config.RetryMode = RequestRetryMode.Standard;
        config.MaxErrorRetry = maxErrorRetry;
        environment ??= Environment.GetEnvironmentVariable;
        // An endpoint override clears the SDK's region endpoint; emulators and LocalStack read the
        // region from the signature, so sign for the configured region explicitly.
        if (HasEndpointOverride(serviceId, environment) && Region(environment) is { } region)
        {
            config.AuthenticationRegion = region;
        }
    }

    /// <summary>True when the SDK will use AWS_ENDPOINT_URL_&lt;SERVICE&gt; or AWS_ENDPOINT_URL (and they are not ignored).</summary>
    public static bool HasEndpointOverride(string serviceId, Func<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        environment ??= Environment.GetEnvironmentVariable;
        if (string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !string.IsNullOrWhiteSpace(environment("AWS_ENDPOINT_URL_" + serviceId.ToUpperInvariant()))
            || !string.IsNullOrWhiteSpace(environment("AWS_ENDPOINT_URL"));
    }

    private static string? Region(Func<string, string?> environment)
        => new[] { environment("AWS_REGION"), environment("AWS_DEFAULT_REGION") }.FirstOrDefault(r => !string.IsNullOrWhiteSpace(r))?.Trim();
}
