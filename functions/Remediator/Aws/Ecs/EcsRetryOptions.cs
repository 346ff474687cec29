namespace LambdaSuite.Remediator.Aws.Ecs;

/// <summary>
/// Exponential backoff with full jitter (delay = random(0, min(MaxDelay, BaseDelay * 2^retry))),
/// bounded by <see cref="MaxAttempts"/> and by <see cref="TotalBudget"/>, whichever comes first.
/// </summary>
internal sealed record EcsRetryOptions
{
    /// <summary>Attempts in total, the first included.</summary>
    public int MaxAttempts { get; init; } = 4;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Time for all attempts and waits of one call; a Lambda invocation has a deadline.</summary>
    public TimeSpan TotalBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A value in [0, 1). Jitter only spreads retries out, so it needs no cryptographic quality.</summary>
    public Func<double> NextRandom { get; init; } = Random.Shared.NextDouble;
}
