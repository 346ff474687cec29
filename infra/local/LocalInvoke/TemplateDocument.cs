using System.Text.Json;
using System.Text.Json.Nodes;

namespace LambdaSuite.LocalInvoke;

/// <summary>A loaded template and the parts of it local invoke reads.</summary>
internal sealed class TemplateDocument(JsonObject root, string path)
{
    public string Path => path;
    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";

    public static TemplateDocument LoadFile(string path) => new(CfnYaml.LoadFile(path), path);

    /// <summary>infra/local/resources.json: template logical id (or pseudo parameter) → local name.</summary>
    public static Dictionary<string, string> LoadLocalNames(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path))!.AsObject().Where(e => e.Value is JsonValue).ToDictionary(e => e.Key, e => e.Value!.ToString(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException or NullReferenceException)
        {
            throw new UsageException($"resources file {path}: {e.Message}");
        }
    }

    /// <summary>A top-level section (Parameters, Conditions, Mappings, Resources, Globals); empty when absent.</summary>
    public JsonObject Section(string name) => root[name] as JsonObject ?? [];
    public JsonObject? Resource(string logicalId) => Section("Resources")[logicalId] as JsonObject;
    public string? ResourceType(string logicalId) => (Resource(logicalId)?["Type"] as JsonValue)?.ToString();
    public string ParameterType(string name) => ((Section("Parameters")[name] as JsonObject)?["Type"] as JsonValue)?.ToString() ?? "String";

    public IEnumerable<string> FunctionIds() =>
        Section("Resources").Select(r => r.Key).Where(id => ResourceType(id) == "AWS::Serverless::Function").Order(StringComparer.Ordinal);

    /// <summary>Parameter values: <c>--parameter-overrides</c> over <c>Default</c>; parameters with neither are absent.</summary>
    public Dictionary<string, string> ParameterValues(IReadOnlyDictionary<string, string> overrides, Action<string> warn)
    {
        var parameters = Section("Parameters");
        foreach (var name in overrides.Keys.Where(k => !parameters.ContainsKey(k)))
        {
            warn($"--parameter-overrides: {name} is not a parameter of {path}; ignored");
        }

        return parameters
            .Select(p => (p.Key, Value: overrides.TryGetValue(p.Key, out var value) ? value : (p.Value as JsonObject)?["Default"] is JsonValue or JsonArray ? Intrinsics.Text(p.Value!["Default"]) : null))
            .Where(p => p.Value is not null)
            .ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
    }
}
