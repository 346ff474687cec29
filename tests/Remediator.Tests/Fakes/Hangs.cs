using System.Collections.Concurrent;

namespace Remediator.Tests.Fakes;

/// <summary>
/// Operations a fake leaves without an answer, like a call whose connection hangs: they end only
/// when the caller's token fires. A test waits for <see cref="StartedAsync"/>, then moves its clock
/// to the deadline it means to hit.
/// </summary>
internal sealed class Hangs
{
    /// <summary>A test whose token never fires fails after this (real time) instead of hanging the run.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _ended = new(StringComparer.Ordinal);

    public void Add(string operation) => _operations[operation] = true;

    /// <summary>Later calls of <paramref name="operation"/> answer again (one already waiting still waits for its token).</summary>
    public void Remove(string operation) => _operations.TryRemove(operation, out _);

    /// <summary>Completes when <paramref name="operation"/> has begun to wait for its token.</summary>
    public Task StartedAsync(string operation) => Signal(operation).Task;

    /// <summary>
    /// Whether <paramref name="operation"/>'s token has fired. Set inside the token's callback, which
    /// runs within the clock move that fires it, so a test can tell the exact moment.
    /// </summary>
    public bool Ended(string operation) => _ended.ContainsKey(operation);

    public async Task WaitIfHangingAsync(string operation, CancellationToken cancellationToken)
    {
        if (!_operations.ContainsKey(operation))
        {
            return;
        }

        var answered = new TaskCompletionSource();
        using (cancellationToken.Register(() =>
        {
            _ended[operation] = true;
            answered.TrySetCanceled(cancellationToken);
        }))
        {
            Signal(operation).TrySetResult();
            try
            {
                await answered.Task.WaitAsync(Guard, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new InvalidOperationException($"{operation} waited {Guard} for a token that never fired");
            }
        }
    }

    private TaskCompletionSource Signal(string operation)
        => _started.GetOrAdd(operation, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
