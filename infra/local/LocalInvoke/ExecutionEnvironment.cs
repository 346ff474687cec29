using System.Diagnostics;
using System.Globalization;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// One Lambda execution environment: the function's bootstrap as a child process with a private
/// Runtime API in front of it. The child's stdout and stderr are passed on line by line, as Lambda
/// captures both into the function's log. Disposing it kills the process (SIGKILL, as Lambda does).
/// </summary>
internal sealed class ExecutionEnvironment : IAsyncDisposable
{
    /// <summary>Lambda's limit for the init phase of an on-demand function.</summary>
    public static readonly TimeSpan InitLimit = TimeSpan.FromSeconds(10);

    /// <summary>One throwaway invocation per process (see <see cref="RuntimeApi.WarmUpAsync"/>); at worst, the first figures are less exact.</summary>
    private static readonly Lazy<Task> WarmUp = new(() => RuntimeApi.WarmUpAsync().WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default));

    private readonly RuntimeApi _api;
    private readonly Process _process;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _spawnedAt;
    private long _peakKb;

    private ExecutionEnvironment(RuntimeApi api, Process process)
    {
        (_api, _process) = (api, process);
        _process.Exited += (_, _) => _exited.TrySetResult();
        _spawnedAt = Stopwatch.GetTimestamp();
        _process.Start();
        _process.StandardInput.Close(); // nothing to read, as in Lambda (not the caller's terminal)
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts the function's bootstrap with its environment plus AWS_LAMBDA_RUNTIME_API.</summary>
    public static async Task<ExecutionEnvironment> StartAsync(LocalFunction function, Action<string> output)
    {
        await WarmUp.Value;
        var api = RuntimeApi.Start(function.Arn);
        var start = new ProcessStartInfo(function.Bootstrap.FileName, function.Bootstrap.Arguments)
        {
            WorkingDirectory = function.Bootstrap.TaskRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Clear();
        foreach (var (name, value) in function.Environment.Append(new("AWS_LAMBDA_RUNTIME_API", api.Address)))
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        void Forward(string? line)
        {
            if (line is not null)
            {
                output(line); // null marks the end of the stream
            }
        }

        try
        {
            return new ExecutionEnvironment(api, process);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            await api.DisposeAsync();
            throw new UsageException($"could not start {start.FileName}: {e.Message}");
        }
    }

    /// <summary>Queues an event; it is handed out at the runtime's next <c>next</c>, right after <paramref name="handingOut"/>.</summary>
    public Invocation Enqueue(byte[] payload, TimeSpan timeout, Action<Invocation>? handingOut = null) => _api.Enqueue(payload, timeout, handingOut);

    /// <summary>
    /// Waits until the runtime asks for its first event (no error), reports an init error, exits, or
    /// exceeds <see cref="InitLimit"/>. Also returns the init duration in milliseconds.
    /// </summary>
    public async Task<(RuntimeError? Error, double Milliseconds)> InitAsync()
    {
        var ended = await Task.WhenAny(_api.Initialized, _exited.Task, Task.Delay(InitLimit));
        var (error, at) = ended == _api.Initialized ? await _api.Initialized
            : ended == _exited.Task ? (RuntimeError.Create("Runtime.ExitError", $"Error: Runtime exited with error: {ExitStatus()}"), Stopwatch.GetTimestamp())
            : (RuntimeError.Create("Sandbox.Timedout", string.Create(CultureInfo.InvariantCulture, $"Error: Init timed out after {InitLimit.TotalSeconds:F2} seconds")), Stopwatch.GetTimestamp());
        return (error, Stopwatch.GetElapsedTime(_spawnedAt, at).TotalMilliseconds);
    }

    /// <summary>Waits for the invocation's outcome, enforcing its timeout from the moment it was handed out.</summary>
    public async Task<InvocationResult> CompleteAsync(Invocation invocation)
    {
        string? platformLine = null;
        if (await Task.WhenAny(invocation.HandedOut, _exited.Task) == invocation.HandedOut)
        {
            SamplePeakMemory();
            using var timer = new CancellationTokenSource();
            var left = invocation.Timeout - Stopwatch.GetElapsedTime(invocation.HandedOutAt);
            var ended = await Task.WhenAny(invocation.Result, _exited.Task, Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, timer.Token));
            await timer.CancelAsync();
            SamplePeakMemory();
            if (ended == invocation.Result)
            {
                var (succeeded, body, at) = await invocation.Result;
                return Result(invocation, succeeded ? InvocationEnd.Success : InvocationEnd.Error, body, at, null);
            }

            if (ended != _exited.Task)
            {
                platformLine = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:O} {invocation.RequestId} Task timed out after {invocation.Timeout.TotalSeconds:F2} seconds");
                return Result(invocation, InvocationEnd.Timeout, RuntimeError.Create("Sandbox.Timedout", platformLine).Json, Stopwatch.GetTimestamp(), platformLine);
            }
        }

        platformLine = $"RequestId: {invocation.RequestId} Error: Runtime exited with error: {ExitStatus()}";
        return Result(invocation, InvocationEnd.Exited, RuntimeError.Create("Runtime.ExitError", platformLine).Json, Stopwatch.GetTimestamp(), platformLine);
    }

    /// <summary>Kills the bootstrap if it still runs and waits for its last output lines.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_exited.Task.IsCompleted)
        {
            _process.Kill(entireProcessTree: true);
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)); // includes the end of its output
        }
        catch (TimeoutException)
        {
            // a grandchild still holds the pipes: its output is not worth hanging for
        }

        _process.Dispose();
        await _api.DisposeAsync();
    }

    private InvocationResult Result(Invocation invocation, InvocationEnd end, byte[] body, long endedAt, string? platformLine) => new(
        invocation.RequestId,
        end,
        body,
        invocation.HandedOutAt == 0 ? 0 : Stopwatch.GetElapsedTime(invocation.HandedOutAt, endedAt).TotalMilliseconds,
        Stopwatch.GetElapsedTime(_spawnedAt, endedAt).TotalMilliseconds,
        (int)Math.Ceiling(_peakKb / 1024.0),
        platformLine);

    /// <summary>Go's wording, as Lambda reports it; .NET gives 128 + n for a child killed by signal n.</summary>
    private string ExitStatus() => _process.ExitCode > 128 ? $"signal: {_process.ExitCode - 128}" : $"exit status {_process.ExitCode}";

    /// <summary>The child's peak resident set (VmHWM), read while it is still alive.</summary>
    private void SamplePeakMemory()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture, out var kb))
            {
                _peakKb = Math.Max(_peakKb, kb);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // exited in between, or no procfs: the last sample stands
        }
    }
}
