using Amazon.Runtime;

namespace LambdaSuite.Common.Ecs;

/// <summary>
/// Settings of <see cref="EcsClient"/>. The defaults are production wiring; tests replace the
/// environment lookup, credentials, transport and clocks instead of touching process state.
/// </summary>
public sealed record EcsClientOptions
{
    /// <summary>Where region and endpoint overrides are read from (see <see cref="EcsEndpointResolver"/>).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Null: the SDK's default chain (environment, profile, container/IMDS).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Upper bound of one HTTP attempt; a timed-out attempt is retried like a transport error.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public EcsRetryOptions Retry { get; init; } = new();

    /// <summary>The innermost handler (below signing). Null: a pooled socket handler without redirects.</summary>
    public HttpMessageHandler? Transport { get; init; }

    /// <summary>A fixed signing time so signature tests are reproducible; internal so production cannot freeze it.</summary>
    internal DateTime? SignedAt { get; init; }
}

/// <summary>
/// Exponential backoff with full jitter (delay = random(0, min(MaxDelay, BaseDelay * 2^retry))),
/// bounded by <see cref="MaxAttempts"/> and by <see cref="TotalBudget"/>, whichever comes first.
/// </summary>
public sealed record EcsRetryOptions
{
    /// <summary>Attempts in total, the first included.</summary>
    public int MaxAttempts { get; init; } = 4;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Wall time for all attempts and waits of one call; a Lambda invocation has a deadline.</summary>
    public TimeSpan TotalBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A value in [0, 1). Jitter only spreads retries out, so it needs no cryptographic quality.</summary>
    public Func<double> NextRandom { get; init; } = Random.Shared.NextDouble;

    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
