using Amazon.Runtime;
using LambdaSuite.Common.Configuration;

namespace LambdaSuite.Remediator.Aws.Ecs;

/// <summary>
/// Settings of <see cref="EcsClient"/>. The defaults are production wiring; tests replace the
/// environment, credentials, transport and clock instead of touching process state.
/// </summary>
internal sealed record EcsClientOptions
{
    /// <summary>Where region and endpoint overrides are read from (see <see cref="EcsEndpointResolver"/>).</summary>
    public EnvironmentReader Environment { get; init; } = new();

    /// <summary>Null: the SDK's default chain (environment, profile, container/IMDS).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Upper bound of one HTTP attempt; a timed-out attempt is retried like a transport error.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public EcsRetryOptions Retry { get; init; } = new();

    /// <summary>The clock of every attempt timeout, backoff wait and call budget.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The innermost handler (below signing). Null: the AWS transport (Common's AwsHttp, TLS trust from <see cref="Environment"/>), pooled, without redirects.</summary>
    public HttpMessageHandler? Transport { get; init; }

    /// <summary>A fixed signing time, so signatures can be compared byte for byte; null signs with the current time.</summary>
    public DateTime? SignedAt { get; init; }
}
