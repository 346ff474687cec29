using System.Globalization;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// What one `infra/local/invoke` does: a fresh execution environment, one event, Lambda's platform
/// lines (INIT_REPORT, START, END, REPORT) on stderr, the response or error JSON on stdout.
/// </summary>
internal static class ColdInvoke
{
    public const int FunctionError = 1;
    public const int InitError = 3;

    public static async Task<int> RunAsync(LocalFunction local, byte[] payload, Stream stdout)
    {
        var (memorySize, log) = (local.Definition.MemorySize, Console.Error);
        (RuntimeError? Error, double Milliseconds) init;
        InvocationResult? result = null;
        await using (var environment = await ExecutionEnvironment.StartAsync(local, log.WriteLine))
        {
            var invocation = environment.Enqueue(payload, TimeSpan.FromSeconds(local.Definition.TimeoutSeconds), i => log.WriteLine($"START RequestId: {i.RequestId} Version: $LATEST"));
            init = await environment.InitAsync();
            if (init.Error is null)
            {
                result = await environment.CompleteAsync(invocation);
            }
        }

        // Stopped and drained: the function's last lines are out before Lambda's closing ones.
        if (result is null)
        {
            var status = init.Error?.Type == "Sandbox.Timedout" ? "timeout" : "error";
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"INIT_REPORT Init Duration: {init.Milliseconds:F2} ms\tPhase: init\tStatus: {status}\tError Type: {init.Error?.Type}"));
            await stdout.WriteAsync(init.Error?.Json);
            return InitError;
        }

        if (result.PlatformLine is not null)
        {
            log.WriteLine(result.PlatformLine);
        }

        // An OS-only runtime is billed for its init too.
        log.WriteLine($"END RequestId: {result.RequestId}");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"REPORT RequestId: {result.RequestId}\tDuration: {result.DurationMs:F2} ms\tBilled Duration: {Math.Ceiling(result.DurationMs + init.Milliseconds):F0} ms\tMemory Size: {memorySize} MB\tMax Memory Used: {result.MaxMemoryMb} MB\tInit Duration: {init.Milliseconds:F2} ms{(result.Outcome == Outcome.Timeout ? "\tStatus: timeout" : string.Empty)}"));
        if (result.MaxMemoryMb > memorySize)
        {
            log.WriteLine($"local invoke: warning: Max Memory Used {result.MaxMemoryMb} MB is over MemorySize {memorySize} MB; Lambda would have stopped the function");
        }

        await stdout.WriteAsync(result.Body);
        return result.Outcome == Outcome.Success ? 0 : FunctionError;
    }
}
