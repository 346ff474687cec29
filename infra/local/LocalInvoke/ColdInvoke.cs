using System.Globalization;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// What one `infra/local/invoke` does: a fresh execution environment, one event, Lambda's platform
/// log lines (INIT_REPORT, START, END, REPORT) on stderr, the response or error JSON on stdout.
/// </summary>
internal static class ColdInvoke
{
    public const int Success = 0;
    public const int FunctionError = 1;
    public const int InitError = 3;

    public static async Task<int> RunAsync(LocalFunction local, byte[] payload, Stream stdout)
    {
        var function = local.Definition;
        RuntimeError? initError;
        double initMs;
        InvocationResult? result = null;
        var environmentProcess = await ExecutionEnvironment.StartAsync(local, Console.Error.WriteLine);
        await using (environmentProcess)
        {
            var invocation = environmentProcess.Enqueue(payload, TimeSpan.FromSeconds(function.TimeoutSeconds), i => Console.Error.WriteLine($"START RequestId: {i.RequestId} Version: $LATEST"));
            (initError, initMs) = await environmentProcess.InitAsync();
            if (initError is null)
            {
                result = await environmentProcess.CompleteAsync(invocation);
            }
        }

        // Stopped and drained: the function's last lines are out before Lambda's closing ones.
        if (initError is not null || result is null)
        {
            var status = initError?.Type == "Sandbox.Timedout" ? "timeout" : "error";
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"INIT_REPORT Init Duration: {initMs:F2} ms\tPhase: init\tStatus: {status}\tError Type: {initError?.Type}"));
            await stdout.WriteAsync(initError?.Json);
            return InitError;
        }

        if (result.PlatformLine is not null)
        {
            Console.Error.WriteLine(result.PlatformLine);
        }

        Console.Error.WriteLine($"END RequestId: {result.RequestId}");
        Console.Error.WriteLine(Report(result, function.MemorySize, initMs));
        if (result.MaxMemoryMb > function.MemorySize)
        {
            Console.Error.WriteLine($"local invoke: warning: Max Memory Used {result.MaxMemoryMb} MB is over MemorySize {function.MemorySize} MB; Lambda would have stopped the function");
        }

        await stdout.WriteAsync(result.Body);
        return result.Outcome == Outcome.Success ? Success : FunctionError;
    }

    /// <summary>Lambda's REPORT line. An OS-only runtime is billed for its init too.</summary>
    internal static string Report(InvocationResult result, int memorySize, double initMs)
    {
        var status = result.Outcome == Outcome.Timeout ? "\tStatus: timeout" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"REPORT RequestId: {result.RequestId}\tDuration: {result.DurationMs:F2} ms\tBilled Duration: {Math.Ceiling(result.DurationMs + initMs):F0} ms\tMemory Size: {memorySize} MB\tMax Memory Used: {result.MaxMemoryMb} MB\tInit Duration: {initMs:F2} ms{status}");
    }
}
