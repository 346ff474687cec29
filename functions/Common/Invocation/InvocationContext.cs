namespace LambdaSuite.Common.Invocation;

/// <summary>
/// What Lambda says about one invocation, from the Runtime API's next-invocation headers.
/// </summary>
/// <param name="RequestId">Lambda-Runtime-Aws-Request-Id: names the invocation in logs and in the reply.</param>
/// <param name="Deadline">Lambda-Runtime-Deadline-Ms: when Lambda stops the function.</param>
/// <param name="InvokedFunctionArn">Lambda-Runtime-Invoked-Function-Arn: the function, version or alias that was invoked.</param>
/// <param name="TraceId">Lambda-Runtime-Trace-Id: the whole X-Ray tracing header, when there is one (see <see cref="Trace"/>).</param>
/// <param name="ColdStart">True for the first invocation of the process (its init just ran).</param>
public sealed record InvocationContext(string RequestId, DateTimeOffset Deadline, string InvokedFunctionArn, string? TraceId, bool ColdStart)
{
    /// <summary>The tracing header's parts: its Root is the trace id log lines carry.</summary>
    public TraceHeader Trace => TraceHeader.Parse(TraceId);

    /// <summary>Time left before Lambda stops the function (negative once the deadline has passed).</summary>
    public TimeSpan RemainingTime(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Deadline - time.GetUtcNow();
    }

    /// <summary>
    /// A token that fires <paramref name="margin"/> before the deadline, on <paramref name="time"/>'s
    /// clock, so work stops while there is still time to answer. Already cancelled when that moment has passed.
    /// </summary>
    public CancellationTokenSource CancelBeforeDeadline(TimeSpan margin, TimeProvider time)
    {
        var budget = RemainingTime(time) - margin;
        if (budget <= TimeSpan.Zero)
        {
            var expired = new CancellationTokenSource();
            expired.Cancel();
            return expired;
        }

        return new CancellationTokenSource(budget < MaxTimer ? budget : MaxTimer, time);
    }

    // CancellationTokenSource timers are limited to about 49 days; Lambda's longest timeout is 15 minutes.
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(1);
}

/// <summary>
/// The invocation the current code runs for. Log lines read it, so every line written while an
/// invocation runs (in the handler, its tasks and AWS SDK callbacks) carries its request id, cold
/// start flag and trace id without passing the context through every call. Async-local, so tests
/// that run several handlers at once in one process keep them apart.
/// </summary>
public static class InvocationScope
{
    private static readonly AsyncLocal<InvocationContext?> CurrentContext = new();

    /// <summary>The running invocation, or null during init and outside an invocation.</summary>
    public static InvocationContext? Current => CurrentContext.Value;

    /// <summary>Makes <paramref name="context"/> current until the returned scope is disposed.</summary>
    public static IDisposable Enter(InvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var previous = CurrentContext.Value;
        CurrentContext.Value = context;
        return new Restore(previous);
    }

    private sealed class Restore(InvocationContext? previous) : IDisposable
    {
        public void Dispose() => CurrentContext.Value = previous;
    }
}
