namespace LambdaSuite.LocalInvoke;

/// <summary>The sections of a loaded template that local invoke reads.</summary>
internal sealed class TemplateDocument
{
    private static readonly Dictionary<string, object?> Empty = new(StringComparer.Ordinal);

    public TemplateDocument(Dictionary<string, object?> root, string path)
    {
        Path = path;
        Parameters = Section(root, "Parameters");
        Conditions = Section(root, "Conditions");
        Mappings = Section(root, "Mappings");
        Resources = Section(root, "Resources");
        Globals = Section(root, "Globals");
    }

    public string Path { get; }

    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".";

    public Dictionary<string, object?> Parameters { get; }

    public Dictionary<string, object?> Conditions { get; }

    public Dictionary<string, object?> Mappings { get; }

    public Dictionary<string, object?> Resources { get; }

    public Dictionary<string, object?> Globals { get; }

    public static TemplateDocument LoadFile(string path) => new(CfnYaml.Load(File.ReadAllText(path)), path);

    public string? ResourceType(string logicalId) =>
        Resources.TryGetValue(logicalId, out var r) && r is Dictionary<string, object?> resource && resource.TryGetValue("Type", out var t) ? t as string : null;

    public string ParameterType(string name) =>
        Parameters.TryGetValue(name, out var p) && p is Dictionary<string, object?> parameter && parameter.TryGetValue("Type", out var t) && t is string s ? s : "String";

    public IEnumerable<string> FunctionIds() =>
        Resources.Keys.Where(id => ResourceType(id) == "AWS::Serverless::Function").Order(StringComparer.Ordinal);

    /// <summary>Parameter values: <c>--parameter-overrides</c> over <c>Default</c>; parameters with neither are absent.</summary>
    public Dictionary<string, string> ParameterValues(IReadOnlyDictionary<string, string> overrides, Action<string> warn)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, definition) in Parameters)
        {
            if (overrides.TryGetValue(name, out var overridden))
            {
                values[name] = overridden;
            }
            else if (definition is Dictionary<string, object?> p && p.TryGetValue("Default", out var d) && d is not Dictionary<string, object?>)
            {
                values[name] = Intrinsics.Text(d);
            }
        }

        foreach (var name in overrides.Keys.Where(k => !Parameters.ContainsKey(k)))
        {
            warn($"--parameter-overrides: {name} is not a parameter of {Path}; ignored");
        }

        return values;
    }

    private static Dictionary<string, object?> Section(Dictionary<string, object?> root, string name) =>
        root.TryGetValue(name, out var value) && value is Dictionary<string, object?> section ? section : Empty;
}
