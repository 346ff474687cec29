using System.Runtime.ExceptionServices;
using LambdaSuite.Common.Logging;
using LambdaSuite.Remediator.Decision;

namespace LambdaSuite.Remediator.Aws.Ecs;

/// <summary>
/// Runs one ECS call with a per-attempt timeout and retries transient failures (throttling, 5xx,
/// transport errors, attempt timeouts) with full-jitter backoff, within an attempt count and a
/// time budget. Anything else, and the caller's own cancellation, ends the call at once. Timeouts,
/// waits and the budget all run on one <see cref="TimeProvider"/>.
/// </summary>
internal sealed class EcsRetryPolicy
{
    /// <summary>An attempt always gets a moment, even when the budget is all but spent.</summary>
    private static readonly TimeSpan MinimumAttempt = TimeSpan.FromMilliseconds(1);

    private readonly EcsRetryOptions _options;
    private readonly TimeSpan _attemptTimeout;
    private readonly TimeProvider _time;
    private readonly ILog? _log;

    public EcsRetryPolicy(EcsRetryOptions options, TimeSpan attemptTimeout, TimeProvider time, ILog? log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BaseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDelay, options.BaseDelay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.TotalBudget, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(attemptTimeout, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _attemptTimeout = attemptTimeout;
        _time = time;
        _log = log;
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (0-based): random(0, min(cap, base * 2^retry)).</summary>
    public TimeSpan BackoffDelay(int retry)
    {
        var ceiling = Math.Min(_options.MaxDelay.TotalMilliseconds, _options.BaseDelay.TotalMilliseconds * Math.Pow(2, retry));
        var r = Math.Clamp(_options.NextRandom(), 0, 1);
        return TimeSpan.FromMilliseconds(ceiling * r);
    }

    public async Task<T> ExecuteAsync<T>(string operation, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        for (var n = 1; ; n++)
        {
            // The last attempt gets only what is left of the budget, so one call never runs far past it.
            var remaining = _options.TotalBudget - _time.GetElapsedTime(started);
            var timeout = remaining < _attemptTimeout ? remaining : _attemptTimeout;
            AmazonEcsException failure;
            // The timer is created on our clock; CancelAfter on the linked source would use the system's.
            using (var attemptTimer = new CancellationTokenSource(timeout > MinimumAttempt ? timeout : MinimumAttempt, _time))
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimer.Token))
            {
                try
                {
                    return await attempt(attemptCts.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or HttpRequestException)
                {
                    // The caller gave up: not a timeout to retry. Report the caller's token, not our linked one.
                    throw new OperationCanceledException($"The caller cancelled ECS {operation}.", e, cancellationToken);
                }
                catch (Exception e) when (ToRetryable(operation, e, timeout) is { } retryable)
                {
                    failure = retryable;
                }
            }

            var delay = BackoffDelay(n - 1);
            var elapsed = _time.GetElapsedTime(started);
            if (n >= _options.MaxAttempts || elapsed + delay >= _options.TotalBudget)
            {
                _log?.Warn("ECS call failed; giving up", ("operation", operation), ("attempts", n), ("elapsedMs", (long)elapsed.TotalMilliseconds), ("error", failure.Message));
                ExceptionDispatchInfo.Throw(failure);
            }

            _log?.Warn("ECS call failed; retrying", ("operation", operation), ("attempt", n), ("maxAttempts", _options.MaxAttempts), ("delayMs", (long)delay.TotalMilliseconds), ("error", failure.Message));
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The exception to report if <paramref name="e"/> is worth retrying; null lets it propagate unchanged.</summary>
    private static AmazonEcsException? ToRetryable(string operation, Exception e, TimeSpan timeout)
        => e switch
        {
            AmazonEcsException { IsRetryable: true } ecs => ecs,
            AmazonEcsException => null,
            OperationCanceledException => new AmazonEcsException(
                $"ECS {operation} failed: RequestTimeout: no response within {timeout.TotalSeconds:0.###} s", "RequestTimeout", null, null, isRetryable: true, e),
            HttpRequestException => new AmazonEcsException(
                $"ECS {operation} failed: TransportError: {e.Message}", "TransportError", null, null, isRetryable: true, e),
            _ => null,
        };
}

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
