namespace LambdaSuite.Common.Runtime;

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
