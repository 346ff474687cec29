using System.Text.Json.Nodes;

namespace LambdaSuite.LocalInvoke;

/// <summary>A loaded template and the parts of it local invoke reads.</summary>
internal sealed class TemplateDocument(JsonObject root, string path)
{
    public string Path => path;

    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";

    public static TemplateDocument LoadFile(string path) => new(CfnYaml.LoadFile(path), path);

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

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, definition) in parameters)
        {
            if (overrides.TryGetValue(name, out var value))
            {
                values[name] = value;
            }
            else if ((definition as JsonObject)?["Default"] is JsonValue or JsonArray)
            {
                values[name] = Intrinsics.Text(definition!["Default"]);
            }
        }

        return values;
    }
}
