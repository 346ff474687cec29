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
            var exit = await RunAsync(args, stdout);
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

    private static async Task<int> RunAsync(string[] args, Stream stdout)
    {
        var root = Environment.GetEnvironmentVariable("LAMBDASUITE_ROOT") ?? Environment.CurrentDirectory;
        var cache = Environment.GetEnvironmentVariable("LAMBDASUITE_INVOKE_CACHE") ?? Path.Combine(root, "artifacts", "local-invoke");
        var options = Options.Parse(args, root);
        if (options.Help)
        {
            await stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(Options.Usage));
            return 0;
        }

        var payload = ReadEvent(options.EventPath);
        var (function, variables, intrinsics) = Resolve(options);
        var bootstrap = FunctionBuild.Ensure(function, root, cache, options.Jit, options.ForceBuild, Info);
        var stack = options.NoStack ? [] : LocalStack.Environment(options.StackScript, Info);
        return await ColdInvoke.RunAsync(LocalFunction.Create(function, variables, intrinsics, bootstrap, stack, Warn), payload, stdout);
    }

    /// <summary>Template, parameters, resources map and --env-vars, resolved for one function.</summary>
    internal static (FunctionDefinition Function, IReadOnlyDictionary<string, string> Variables, Intrinsics Intrinsics) Resolve(Options options)
    {
        TemplateDocument template;
        try
        {
            template = TemplateDocument.LoadFile(options.TemplatePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlException or InvalidDataException)
        {
            throw new UsageException($"template {options.TemplatePath}: {e.Message}");
        }

        var localNames = LocalNames.Load(options.ResourcesPath);
        var intrinsics = new Intrinsics(template, template.ParameterValues(options.ParameterOverrides, Warn), localNames, Warn);
        var function = FunctionDefinition.Resolve(template, options.FunctionId, intrinsics);
        var variables = options.EnvVarsPath is null
            ? function.Variables
            : EnvVarsFile.Apply(options.EnvVarsPath, function.LogicalId, function.Variables, Warn);
        return (function, variables, intrinsics);
    }

    private static byte[] ReadEvent(string? path)
    {
        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            if (path == "-")
            {
                Console.OpenStandardInput().CopyTo(buffer);
            }

            bytes = path switch { null => "{}"u8.ToArray(), "-" => buffer.ToArray(), _ => File.ReadAllBytes(path) }; // {}: sam's default
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--event {path}: {e.Message}");
        }

        return bytes.Length <= RuntimeApi.MaxPayloadBytes
            ? bytes
            : throw new UsageException($"--event {path}: {bytes.Length} bytes is over Lambda's {RuntimeApi.MaxPayloadBytes}-byte limit for a synchronous invoke");
    }

    internal static void Warn(string message) => Console.Error.WriteLine("local invoke: warning: " + message);

    internal static void Info(string message) => Console.Error.WriteLine("local invoke: " + message);
}
