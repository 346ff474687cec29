using Amazon.Runtime;
using LambdaSuite.Common.Aws.Tls;
using LambdaSuite.Common.Configuration;

namespace LambdaSuite.Common.Aws;

/// <summary>
/// The configuration of every AWSSDK client a function creates (once per execution environment).
/// Timeouts and retries are set explicitly: the SDK's defaults (no request timeout, up to ten
/// DynamoDB retries) can outlast an invocation. The HTTP transport is <see cref="AwsHttp"/>, whose
/// certificate checks follow TLS_TRUST_STORE and TLS_TRUST_FILE (<see cref="TlsTrust"/>; invalid
/// values fail the init). Region, credentials and endpoint overrides are left to the SDK, which
/// reads AWS_REGION, AWS_ENDPOINT_URL_&lt;SERVICE&gt; and AWS_ENDPOINT_URL itself.
/// </summary>
public static class AwsClientFactory
{
    /// <summary>
    /// A new <typeparamref name="TConfig"/> (e.g. <c>AmazonDynamoDBConfig</c>) with <paramref name="limits"/>.
    /// An endpoint override clears the SDK's region endpoint, and emulators read the region from the
    /// signature, so while one is in effect requests are signed for the configured region.
    /// </summary>
    /// <param name="serviceId">The suffix of the service's endpoint variable: "S3", "DYNAMODB".</param>
    public static TConfig Config<TConfig>(string serviceId, AwsCallLimits limits, EnvironmentReader env)
        where TConfig : ClientConfig, new()
        => Apply(new TConfig(), serviceId, limits, env);

    /// <summary>Sets <paramref name="limits"/>, the transport (and the signing region under an endpoint override) on an existing configuration.</summary>
    internal static TConfig Apply<TConfig>(TConfig config, string serviceId, AwsCallLimits limits, EnvironmentReader env)
        where TConfig : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(limits);
        config.Timeout = limits.AttemptTimeout;
        config.ConnectTimeout = limits.ConnectTimeout;
        config.RetryMode = RequestRetryMode.Standard;
        config.MaxErrorRetry = limits.MaxErrorRetry;
        config.HttpClientFactory = new AwsHttp.ClientFactory(TlsTrust.FromEnvironment(env));
        if (EndpointOverride(serviceId, env) is not null && Region(env) is { } region)
        {
            config.AuthenticationRegion = region;
        }

        return config;
    }

    /// <summary>
    /// The endpoint the SDK sends the service's requests to instead of the regional one:
    /// AWS_ENDPOINT_URL_&lt;SERVICE&gt;, else AWS_ENDPOINT_URL; null when neither is set or when
    /// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true switches them off.
    /// </summary>
    public static string? EndpointOverride(string serviceId, EnvironmentReader env)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ArgumentNullException.ThrowIfNull(env);
        if (bool.TryParse(env.Get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), out var ignored) && ignored)
        {
            return null;
        }

        return env.Get("AWS_ENDPOINT_URL_" + serviceId.ToUpperInvariant()) ?? env.Get("AWS_ENDPOINT_URL");
    }

    /// <summary>AWS_REGION, else AWS_DEFAULT_REGION; null when neither is set.</summary>
    public static string? Region(EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(env);
        return env.Get("AWS_REGION") ?? env.Get("AWS_DEFAULT_REGION");
    }
}

/// <summary>
/// How long one AWS SDK call may take: every HTTP attempt is cut at <see cref="AttemptTimeout"/>
/// (its TCP connect at <see cref="ConnectTimeout"/>), and a failed attempt is retried at most
/// <see cref="MaxErrorRetry"/> times in the SDK's standard mode (throttling, 5xx and timeouts, with
/// backoff). These run on the SDK's own clock; a function's deadline is a cancellation token on top.
/// </summary>
public sealed record AwsCallLimits(TimeSpan AttemptTimeout, TimeSpan ConnectTimeout, int MaxErrorRetry);
