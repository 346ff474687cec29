using System.Globalization;

namespace LambdaSuite.LocalInvoke;

/// <summary>What local invoke needs of one AWS::Serverless::Function, with intrinsics resolved.</summary>
internal sealed record FunctionDefinition(
    string LogicalId,
    string CodeDirectory,
    string Handler,
    int MemorySize,
    int TimeoutSeconds,
    IReadOnlyDictionary<string, string> Variables,
    string? BuildMethod)
{
    /// <summary>Globals.Function under the function's own Properties; resolves what local invoke uses.</summary>
    public static FunctionDefinition Resolve(TemplateDocument template, string logicalId, Intrinsics intrinsics)
    {
        var type = template.ResourceType(logicalId);
        if (type is null)
        {
            throw new UsageException($"function {logicalId} is not in {template.Path}; its functions: {string.Join(", ", template.FunctionIds())}");
        }

        if (type != "AWS::Serverless::Function")
        {
            throw new UsageException($"{logicalId} is a {type}, not an AWS::Serverless::Function");
        }

        var resource = (Dictionary<string, object?>)template.Resources[logicalId]!;
        var own = resource.TryGetValue("Properties", out var p) && p is Dictionary<string, object?> props ? props : [];
        var globals = template.Globals.TryGetValue("Function", out var g) && g is Dictionary<string, object?> gf ? gf : [];
        var merged = Merge(globals, own);

        var codeUri = intrinsics.ResolveString(merged.GetValueOrDefault("CodeUri"), $"{logicalId}.CodeUri");
        if (string.IsNullOrEmpty(codeUri))
        {
            throw new UsageException($"{logicalId} has no local CodeUri directory (InlineCode, images and S3 locations are not supported)");
        }

        var codeDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(template.Directory, codeUri)));
        if (!Directory.Exists(codeDirectory))
        {
            throw new UsageException($"{logicalId}.CodeUri \"{codeUri}\" is not a directory ({codeDirectory})");
        }

        // Only an OS-only runtime starts the function's own executable, the way this tool runs it.
        var runtime = intrinsics.ResolveString(merged.GetValueOrDefault("Runtime"), $"{logicalId}.Runtime");
        if (runtime?.StartsWith("provided", StringComparison.Ordinal) != true)
        {
            throw new UsageException($"{logicalId} has Runtime \"{runtime}\"; local invoke runs OS-only runtimes (provided.al2023), whose CodeUri project publishes a bootstrap");
        }

        var handler = intrinsics.ResolveString(merged.GetValueOrDefault("Handler"), $"{logicalId}.Handler");
        if (string.IsNullOrEmpty(handler))
        {
            throw new UsageException($"{logicalId} has no Handler");
        }

        return new FunctionDefinition(
            logicalId,
            codeDirectory,
            handler,
            Number(intrinsics.ResolveString(merged.GetValueOrDefault("MemorySize"), $"{logicalId}.MemorySize"), 128),
            Number(intrinsics.ResolveString(merged.GetValueOrDefault("Timeout"), $"{logicalId}.Timeout"), 3),
            ResolveVariables(merged, logicalId, intrinsics),
            resource.GetValueOrDefault("Metadata") is Dictionary<string, object?> metadata ? metadata.GetValueOrDefault("BuildMethod") as string : null);
    }

    private static Dictionary<string, string> ResolveVariables(Dictionary<string, object?> merged, string logicalId, Intrinsics intrinsics)
    {
        var where = $"{logicalId}.Environment.Variables";
        var environment = intrinsics.Resolve(merged.GetValueOrDefault("Environment"), $"{logicalId}.Environment") as Dictionary<string, object?>;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (environment?.GetValueOrDefault("Variables") is not Dictionary<string, object?> declared)
        {
            return variables;
        }

        foreach (var (name, value) in declared)
        {
            // Already resolved; this turns lists into text and warns about maps.
            variables[name] = intrinsics.ResolveString(value, $"{where}.{name}") ?? string.Empty;
        }

        return variables;
    }

    /// <summary>
    /// SAM's Globals rule: the function's value wins; maps merge key by key (so Environment.Variables
    /// combine). A map that is an intrinsic (<c>!If</c> ...) is a value, not something to merge into.
    /// </summary>
    internal static Dictionary<string, object?> Merge(Dictionary<string, object?> globals, Dictionary<string, object?> own)
    {
        var result = new Dictionary<string, object?>(globals, StringComparer.Ordinal);
        foreach (var (key, value) in own)
        {
            result[key] = result.GetValueOrDefault(key) is Dictionary<string, object?> g && !Intrinsics.IsIntrinsic(g)
                && value is Dictionary<string, object?> o && !Intrinsics.IsIntrinsic(o)
                ? Merge(g, o)
                : value;
        }

        return result;
    }

    private static int Number(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;
}

/// <summary>A problem with the command line, the template or the build: exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
