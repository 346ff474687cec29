using System.Diagnostics;
using System.Globalization;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// One Lambda execution environment: the function's bootstrap as a child process, with a private
/// Runtime API in front of it. The child's stdout and stderr are passed on line by line, as
/// Lambda captures both into the function's log; the owner decides when to stop it.
/// </summary>
internal sealed class ExecutionEnvironment : IAsyncDisposable
{
    /// <summary>Lambda's limit for the init phase of an on-demand function.</summary>
    public static readonly TimeSpan InitLimit = TimeSpan.FromSeconds(10);

    private static bool s_warm;

    private readonly RuntimeApi _api;
    private readonly Process _process;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _spawnedAt;
    private long _peakKb;

    private ExecutionEnvironment(RuntimeApi api, ProcessStartInfo start, Action<string> output)
    {
        _api = api;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.Exited += (_, _) => _exited.TrySetResult();
        _process.OutputDataReceived += (_, e) => Forward(e.Data, output);
        _process.ErrorDataReceived += (_, e) => Forward(e.Data, output);
        _spawnedAt = Stopwatch.GetTimestamp();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts the function's bootstrap with its environment plus AWS_LAMBDA_RUNTIME_API.</summary>
    public static async Task<ExecutionEnvironment> StartAsync(LocalFunction function, Action<string> output)
    {
        var bootstrap = function.Bootstrap;
        if (!s_warm)
        {
            s_warm = true;
            try
            {
                await RuntimeApi.WarmUpAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                // only the first figures are less exact
            }
        }

        var api = RuntimeApi.Start(function.Arn);
        var start = new ProcessStartInfo(bootstrap.FileName, bootstrap.Arguments)
        {
            WorkingDirectory = bootstrap.TaskRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        start.Environment.Clear();
        foreach (var (name, value) in function.Environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.Address;
        try
        {
            return new ExecutionEnvironment(api, start, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            await api.DisposeAsync();
            throw new UsageException($"could not start {bootstrap.FileName}: {e.Message}");
        }
    }

    /// <summary>Queues an event; it is handed out when the runtime asks for the next one, right after <paramref name="handingOut"/>.</summary>
    public Invocation Enqueue(byte[] payload, TimeSpan timeout, Action<Invocation>? handingOut = null) => _api.Enqueue(payload, timeout, handingOut);

    /// <summary>
    /// Waits until the runtime asks for its first event (null), reports an init error, exits, or
    /// exceeds <see cref="InitLimit"/>. Also returns the init duration in milliseconds.
    /// </summary>
    public async Task<(RuntimeError? Error, double Milliseconds)> InitAsync()
    {
        var ended = await Task.WhenAny(_api.Initialized, _exited.Task, Task.Delay(InitLimit));
        if (ended == _api.Initialized)
        {
            return (await _api.Initialized, Milliseconds(_spawnedAt, _api.InitEndedAt));
        }

        var elapsed = Milliseconds(_spawnedAt, Stopwatch.GetTimestamp());
        return ended == _exited.Task
            ? (RuntimeError.Create("Runtime.ExitError", $"Error: Runtime exited with error: {ExitStatus()}"), elapsed)
            : (RuntimeError.Create("Sandbox.Timedout", string.Create(CultureInfo.InvariantCulture, $"Error: Init timed out after {InitLimit.TotalSeconds:F2} seconds")), elapsed);
    }

    /// <summary>Waits for the invocation's outcome, enforcing its timeout from the moment it was handed out.</summary>
    public async Task<InvocationResult> CompleteAsync(Invocation invocation)
    {
        if (await Task.WhenAny(invocation.HandedOut, _exited.Task) != invocation.HandedOut)
        {
            return Exited(invocation, invocation.HandedOutAt);
        }

        SamplePeakMemory();
        var left = invocation.Timeout - Stopwatch.GetElapsedTime(invocation.HandedOutAt);
        using var timer = new CancellationTokenSource();
        var expiry = Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, timer.Token);
        var ended = await Task.WhenAny(invocation.Result, _exited.Task, expiry);
        await timer.CancelAsync();
        if (ended == invocation.Result)
        {
            SamplePeakMemory();
            var (succeeded, body) = await invocation.Result;
            return Result(invocation, succeeded ? Outcome.Success : Outcome.Error, body, invocation.CompletedAt);
        }

        if (ended == _exited.Task)
        {
            return Exited(invocation, Stopwatch.GetTimestamp());
        }

        SamplePeakMemory();
        var message = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:O} {invocation.RequestId} Task timed out after {invocation.Timeout.TotalSeconds:F2} seconds");
        return Result(invocation, Outcome.Timeout, RuntimeError.Create("Sandbox.Timedout", message).Json, Stopwatch.GetTimestamp(), message);
    }

    /// <summary>Stops the bootstrap (SIGKILL, as Lambda does at shutdown) and waits for its last output.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_exited.Task.IsCompleted)
        {
            _process.Kill(entireProcessTree: true);
        }

        using (var drained = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _process.WaitForExitAsync(drained.Token);
            }
            catch (OperationCanceledException)
            {
                // a grandchild still holds the pipes: its output is not worth hanging for
            }
        }

        _process.Dispose();
        await _api.DisposeAsync();
    }

    private static void Forward(string? line, Action<string> output)
    {
        if (line is not null)
        {
            output(line);
        }
    }

    private static double Milliseconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private InvocationResult Exited(Invocation invocation, long endedAt)
    {
        var message = $"RequestId: {invocation.RequestId} Error: Runtime exited with error: {ExitStatus()}";
        return Result(invocation, Outcome.Exited, RuntimeError.Create("Runtime.ExitError", message).Json, endedAt, message);
    }

    private InvocationResult Result(Invocation invocation, Outcome outcome, byte[] body, long endedAt, string? platformLine = null) => new(
        invocation.RequestId,
        outcome,
        body,
        invocation.HandedOutAt == 0 ? 0 : Milliseconds(invocation.HandedOutAt, endedAt),
        Milliseconds(_spawnedAt, endedAt),
        (int)Math.Ceiling(_peakKb / 1024.0),
        platformLine);

    /// <summary>Go's wording, as Lambda reports it; .NET gives 128 + n for a child killed by signal n.</summary>
    private string ExitStatus() =>
        _process.ExitCode > 128 ? $"signal: {_process.ExitCode - 128}" : $"exit status {_process.ExitCode}";

    /// <summary>The child's peak resident set (VmHWM), read while it is still alive.</summary>
    private void SamplePeakMemory()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                    && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture, out var kb))
                {
                    _peakKb = Math.Max(_peakKb, kb);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // exited in between, or no procfs: the last sample stands
        }
    }
}

internal enum Outcome
{
    Success,
    Error,
    Timeout,
    Exited,
}

/// <summary>
/// How one invocation ended. Body: the response, or Lambda's error JSON. Durations in milliseconds:
/// from handing out the event, and from spawning the process (the cold start, for a first event).
/// PlatformLine: what Lambda itself logs about a timeout or a runtime that exited.
/// </summary>
internal sealed record InvocationResult(string RequestId, Outcome Outcome, byte[] Body, double DurationMs, double SinceSpawnMs, int MaxMemoryMb, string? PlatformLine);

/// <summary>How to start a function's bootstrap, and the folder it runs in (LAMBDA_TASK_ROOT).</summary>
internal sealed record Bootstrap(string FileName, IReadOnlyList<string> Arguments, string TaskRoot);
