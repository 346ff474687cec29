namespace LambdaSuite.Common.Aws;

/// <summary>
/// How long one AWS SDK call may take: every HTTP attempt is cut at <see cref="AttemptTimeout"/>
/// (its TCP connect at <see cref="ConnectTimeout"/>), and a failed attempt is retried at most
/// <see cref="MaxErrorRetry"/> times in the SDK's standard mode (throttling, 5xx and timeouts, with
/// backoff). These run on the SDK's own clock; a function's deadline is a cancellation token on top.
/// </summary>
public sealed record AwsCallLimits(TimeSpan AttemptTimeout, TimeSpan ConnectTimeout, int MaxErrorRetry);
