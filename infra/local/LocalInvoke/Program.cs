using System.Globalization;
using YamlDotNet.Core;

namespace LambdaSuite.LocalInvoke;

internal static class Program
{
    private const int FunctionError = 1;
    private const int UsageError = 2;
    private const int InitError = 3;

    private static async Task<int> Main(string[] args)
    {
        using var stdout = Console.OpenStandardOutput();
        try
        {
            var root = Environment.GetEnvironmentVariable("LAMBDASUITE_ROOT") ?? Environment.CurrentDirectory;
            var options = Options.Parse(args, root);
            if (options.Help)
            {
                await stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(Options.Usage));
                return 0;
            }

            var payload = ReadEvent(options.EventPath);
            var exit = await InvokeAsync(Prepare(options, root), payload, stdout);
            if (!Console.IsOutputRedirected)
            {
                stdout.WriteByte((byte)'\n'); // only for a terminal: `> out.json` gets the exact bytes
            }

            return exit;
        }
        catch (Exception e) when (e is UsageException or UnresolvableException)
        {
            // A template value outside the ones resolved per function (e.g. a pseudo parameter missing from --resources).
            Console.Error.WriteLine("local invoke: error: " + e.Message);
            return UsageError;
        }
    }

    /// <summary>
    /// What an invoke does before it starts the function: resolve it, build it (when its inputs changed),
    /// give it its environment with <paramref name="stack"/>'s endpoints (default: the local stack's).
    /// </summary>
    internal static LocalFunction Prepare(Options options, string root, IReadOnlyDictionary<string, string>? stack = null)
    {
        TemplateDocument template;
        try
        {
            template = TemplateDocument.LoadFile(options.TemplatePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlException or InvalidDataException or ArgumentException)
        {
            throw new UsageException($"template {options.TemplatePath}: {e.Message}");
        }

        var intrinsics = new Intrinsics(template, template.ParameterValues(options.ParameterOverrides, Warn), TemplateDocument.LoadLocalNames(options.ResourcesPath), Warn);
        var function = FunctionDefinition.Resolve(template, options.FunctionId, intrinsics);
        var variables = options.EnvVarsPath is null ? function.Variables : EnvVarsFile.Apply(options.EnvVarsPath, function.LogicalId, function.Variables, Warn);
        var cache = Environment.GetEnvironmentVariable("LAMBDASUITE_INVOKE_CACHE") ?? Path.Combine(root, "artifacts", "local-invoke");
        var bootstrap = FunctionBuild.Ensure(function, root, cache, options.Jit, options.ForceBuild);
        stack ??= options.NoStack ? new Dictionary<string, string>() : LocalStack.Environment(options.StackScript, Info);
        return LocalFunction.Create(function, variables, intrinsics, bootstrap, stack, Warn);
    }

    /// <summary>
    /// One cold invoke: a fresh execution environment, one event, Lambda's platform lines (INIT_REPORT,
    /// START, END, REPORT) on stderr, the response or error JSON on stdout.
    /// </summary>
    internal static async Task<int> InvokeAsync(LocalFunction local, byte[] payload, Stream stdout)
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
            $"REPORT RequestId: {result.RequestId}\tDuration: {result.DurationMs:F2} ms\tBilled Duration: {Math.Ceiling(result.DurationMs + init.Milliseconds):F0} ms\tMemory Size: {memorySize} MB\tMax Memory Used: {result.MaxMemoryMb} MB\tInit Duration: {init.Milliseconds:F2} ms{(result.End == InvocationEnd.Timeout ? "\tStatus: timeout" : string.Empty)}"));
        if (result.MaxMemoryMb > memorySize)
        {
            log.WriteLine($"local invoke: warning: Max Memory Used {result.MaxMemoryMb} MB is over MemorySize {memorySize} MB; Lambda would have stopped the function");
        }

        await stdout.WriteAsync(result.Body);
        return result.End == InvocationEnd.Success ? 0 : FunctionError;
    }

    private static byte[] ReadEvent(string? path)
    {
        try
        {
            using var buffer = new MemoryStream();
            (path == "-" ? Console.OpenStandardInput() : Stream.Null).CopyTo(buffer);
            var bytes = path switch { null => "{}"u8.ToArray(), "-" => buffer.ToArray(), _ => File.ReadAllBytes(path) }; // {}: sam's default
            return bytes.Length <= RuntimeApi.MaxPayloadBytes
                ? bytes
                : throw new UsageException($"--event {path}: {bytes.Length} bytes is over Lambda's {RuntimeApi.MaxPayloadBytes}-byte limit for a synchronous invoke");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--event {path}: {e.Message}");
        }
    }

    internal static void Warn(string message) => Console.Error.WriteLine("local invoke: warning: " + message);

    internal static void Info(string message) => Console.Error.WriteLine("local invoke: " + message);
}
