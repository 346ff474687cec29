using System.Globalization;
using System.Text.Json.Nodes;

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
        var resource = template.Resource(logicalId)
            ?? throw new UsageException($"function {logicalId} is not in {template.Path}; its functions: {string.Join(", ", template.FunctionIds())}");
        if (template.ResourceType(logicalId) is var type && type != "AWS::Serverless::Function")
        {
            throw new UsageException($"{logicalId} is a {type}, not an AWS::Serverless::Function");
        }

        var merged = Merge(template.Section("Globals")["Function"] as JsonObject ?? [], resource["Properties"] as JsonObject ?? []);
        string? Property(string name) => intrinsics.ResolveString(merged[name], $"{logicalId}.{name}");

        var codeUri = Property("CodeUri");
        var codeDirectory = string.IsNullOrEmpty(codeUri)
            ? throw new UsageException($"{logicalId} has no local CodeUri directory (InlineCode, images and S3 locations are not supported)")
            : Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(template.Directory, codeUri)));
        if (!Directory.Exists(codeDirectory))
        {
            throw new UsageException($"{logicalId}.CodeUri \"{codeUri}\" is not a directory ({codeDirectory})");
        }

        // Only an OS-only runtime starts the function's own executable, the way this tool runs it.
        if (Property("Runtime") is var runtime && runtime?.StartsWith("provided", StringComparison.Ordinal) != true)
        {
            throw new UsageException($"{logicalId} has Runtime \"{runtime}\"; local invoke runs OS-only runtimes (provided.al2023), whose CodeUri project publishes a bootstrap");
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var where = $"{logicalId}.Environment.Variables";
        foreach (var (name, value) in intrinsics.Resolve(merged["Environment"], $"{logicalId}.Environment")?[nameof(Variables)] as JsonObject ?? [])
        {
            variables[name] = intrinsics.ResolveString(value, $"{where}.{name}") ?? string.Empty; // already resolved: lists become text, maps a warning
        }

        return new FunctionDefinition(
            logicalId,
            codeDirectory,
            Property("Handler") is { Length: > 0 } handler ? handler : throw new UsageException($"{logicalId} has no Handler"),
            Number(Property("MemorySize"), 128),
            Number(Property("Timeout"), 3),
            variables,
            (resource["Metadata"] as JsonObject)?[nameof(BuildMethod)]?.ToString());
    }

    /// <summary>
    /// SAM's Globals rule: the function's value wins; maps merge key by key (so Environment.Variables
    /// combine). A map that is an intrinsic (<c>!If</c> ...) is a value, not something to merge into.
    /// </summary>
    internal static JsonObject Merge(JsonObject globals, JsonObject own)
    {
        var result = (JsonObject)globals.DeepClone();
        foreach (var (key, value) in own)
        {
            result[key] = result[key] is JsonObject g && !Intrinsics.IsIntrinsic(g) && value is JsonObject o && !Intrinsics.IsIntrinsic(o)
                ? Merge(g, o)
                : value?.DeepClone();
        }

        return result;
    }

    private static int Number(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;
}
