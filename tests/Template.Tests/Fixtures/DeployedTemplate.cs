using System.Text.Json.Nodes;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;

namespace LambdaSuite.Template.Tests.Fixtures;

/// <summary>
/// template.yaml (its alarm units written out, <see cref="AlarmUnits"/>) as CloudFormation would deploy it for a set of parameter values: conditions
/// evaluated, resources and outputs whose condition is false left out, <c>Fn::If</c> resolved and
/// <c>AWS::NoValue</c> removed. Other intrinsics stay as written, so tests see the template's own text.
/// </summary>
internal sealed class DeployedTemplate
{
    private readonly JsonObject _template;
    private readonly Dictionary<string, string> _parameters;
    private readonly Dictionary<string, bool> _conditions = new(StringComparer.Ordinal);

    public DeployedTemplate(IReadOnlyDictionary<string, string>? parameters = null)
    {
        _template = AlarmUnits.Load();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, definition) in _template["Parameters"]!.AsObject())
        {
            if (definition!["Default"] is { } fallback)
            {
                values[name] = fallback.GetValueKind() == System.Text.Json.JsonValueKind.String ? fallback.GetValue<string>() : fallback.ToJsonString();
            }
        }

        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
        {
            values[name] = _template["Parameters"]![name] is null ? throw new ArgumentException($"no parameter {name}") : value;
        }

        _parameters = values;
        foreach (var name in _template["Conditions"]!.AsObject().Select(c => c.Key))
        {
            _ = Condition(name);
        }
    }

    public bool Condition(string name)
    {
        if (!_conditions.TryGetValue(name, out var value))
        {
            value = Truth(_template["Conditions"]![name] ?? throw new ArgumentException($"no condition {name}"));
            _conditions[name] = value;
        }

        return value;
    }

    /// <summary>The deployed resources: logical id → resolved resource (Type, Properties, Metadata, ...).</summary>
    public IReadOnlyDictionary<string, JsonObject> Resources => Section("Resources");

    public IReadOnlyDictionary<string, JsonObject> Outputs => Section("Outputs");

    public JsonObject Properties(string logicalId) => Resources[logicalId]["Properties"]!.AsObject();

    private Dictionary<string, JsonObject> Section(string section)
        => _template[section]!.AsObject()
            .Where(r => r.Value!["Condition"] is not { } c || Condition(c.GetValue<string>()))
            .ToDictionary(r => r.Key, r => Resolve(r.Value)!.AsObject(), StringComparer.Ordinal);

    private JsonNode? Resolve(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o when o.Count == 1 && o["Fn::If"] is JsonArray branches:
                return Resolve(Condition(branches[0]!.GetValue<string>()) ? branches[1] : branches[2]);
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (key, value) in o)
                {
                    var resolved = Resolve(value);
                    if (!IsNoValue(resolved))
                    {
                        copy[key] = resolved;
                    }
                }

                return copy;
            case JsonArray a:
                return new JsonArray([.. a.Select(Resolve).Where(v => !IsNoValue(v))]);
            default:
                return node?.DeepClone();
        }
    }

    private static bool IsNoValue(JsonNode? node) => node is JsonObject { Count: 1 } o && o["Ref"]?.GetValue<string>() == "AWS::NoValue";

    private bool Truth(JsonNode node)
    {
        var (function, args) = node.AsObject().Single();
        return function switch
        {
            "Fn::Equals" => Value(args!.AsArray()[0]!) == Value(args.AsArray()[1]!),
            "Fn::Not" => !Truth(args!.AsArray()[0]!),
            "Fn::And" => args!.AsArray().All(a => Truth(a!)),
            "Fn::Or" => args!.AsArray().Any(a => Truth(a!)),
            "Condition" => Condition(args!.GetValue<string>()),
            _ => throw new NotSupportedException($"condition function {function}"),
        };
    }

    /// <summary>A string expression as deployed: literals, parameter Refs, Fn::Sub of parameters, Fn::Select of Fn::Split.</summary>
    public string Value(JsonNode node)
    {
        if (node is JsonValue v)
        {
            return v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
        }

        var (function, args) = node.AsObject().Single();
        return function switch
        {
            "Ref" => _parameters[args!.GetValue<string>()],
            "Fn::Sub" => System.Text.RegularExpressions.Regex.Replace(args!.GetValue<string>(), @"\$\{([A-Za-z0-9]+)\}", m => _parameters[m.Groups[1].Value]),
            "Fn::Select" => Split(args!.AsArray()[1]!)[int.Parse(Value(args.AsArray()[0]!), System.Globalization.CultureInfo.InvariantCulture)],
            _ => throw new NotSupportedException($"condition value function {function}"),
        };
    }

    private string[] Split(JsonNode node)
    {
        var args = node["Fn::Split"]?.AsArray() ?? throw new NotSupportedException("Fn::Select needs Fn::Split here");
        return Value(args[1]!).Split(args[0]!.GetValue<string>());
    }
}
