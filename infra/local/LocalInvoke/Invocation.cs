using System.Diagnostics;

namespace LambdaSuite.LocalInvoke;

/// <summary>One event on its way through the Runtime API: queued, handed out, answered.</summary>
internal sealed class Invocation(string requestId, byte[] payload, TimeSpan timeout, Action<Invocation>? handingOut)
{
    private readonly TaskCompletionSource _handedOut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<(bool Succeeded, byte[] Body, long At)> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RequestId => requestId;
    public byte[] Payload => payload;
    public TimeSpan Timeout => timeout;
    public long HandedOutAt { get; private set; }

    /// <summary>Completes when the runtime received the event from <c>next</c>.</summary>
    public Task HandedOut => _handedOut.Task;

    /// <summary>
    /// Completes with the runtime's response, or with the error JSON it (or the API) reported, and the
    /// <see cref="Stopwatch.GetTimestamp"/> of its arrival.
    /// </summary>
    public Task<(bool Succeeded, byte[] Body, long At)> Result => _result.Task;

    /// <summary>Runs the owner's hook (Lambda's START line) before the runtime can see the event.</summary>
    public void MarkHandedOut()
    {
        handingOut?.Invoke(this);
        HandedOutAt = Stopwatch.GetTimestamp();
        _handedOut.TrySetResult();
    }

    public void Complete(bool succeeded, byte[] body) => _result.TrySetResult((succeeded, body, Stopwatch.GetTimestamp()));
}
