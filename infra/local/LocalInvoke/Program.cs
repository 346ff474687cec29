using YamlDotNet.Core;

namespace LambdaSuite.LocalInvoke;

internal static class Program
{
    private const int UsageError = 2;

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
            var exit = await ColdInvoke.RunAsync(Prepare(options, root), payload, stdout);
            if (!Console.IsOutputRedirected)
            {
                stdout.WriteByte((byte)'\n'); // only for a terminal: `> out.json` gets the exact bytes
            }

            return exit;
        }
        catch (UsageException e)
        {
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
        var (function, variables, intrinsics) = Resolve(options);
        var cache = Environment.GetEnvironmentVariable("LAMBDASUITE_INVOKE_CACHE") ?? Path.Combine(root, "artifacts", "local-invoke");
        var bootstrap = FunctionBuild.Ensure(function, root, cache, options.Jit, options.ForceBuild);
        stack ??= options.NoStack ? new Dictionary<string, string>() : LocalStack.Environment(options.StackScript, Info);
        return LocalFunction.Create(function, variables, intrinsics, bootstrap, stack, Warn);
    }

    /// <summary>Template, parameters, resources map and --env-vars, resolved for one function.</summary>
    internal static (FunctionDefinition Function, IReadOnlyDictionary<string, string> Variables, Intrinsics Intrinsics) Resolve(Options options)
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
        return (function, variables, intrinsics);
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
