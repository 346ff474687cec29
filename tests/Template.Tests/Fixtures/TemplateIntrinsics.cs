using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LambdaSuite.Template.Tests.Fixtures;

/// <summary>
/// Evaluates the intrinsics of a template fragment the way CloudFormation would for one deploy:
/// <c>Fn::Sub</c> (both forms), <c>Fn::FindInMap</c> and <c>Ref</c>, from the names given (parameters,
/// pseudo parameters, <c>Resource.Attribute</c>). A name not given fails the test instead of
/// leaving a placeholder behind.
/// </summary>
internal sealed partial class TemplateIntrinsics(JsonObject template, IReadOnlyDictionary<string, string> names)
{
    public JsonNode? Resolve(JsonNode? node) => node switch
    {
        JsonObject { Count: 1 } o when o.ContainsKey("Fn::Sub") => Sub(o["Fn::Sub"]!),
        JsonObject { Count: 1 } o when o.ContainsKey("Fn::FindInMap") => FindInMap(o["Fn::FindInMap"]!.AsArray()),
        JsonObject { Count: 1 } o when o.ContainsKey("Ref") => Name((string)o["Ref"]!),
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Resolve(kv.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Resolve)]),
        _ => node?.DeepClone(),
    };

    private JsonNode Sub(JsonNode argument)
    {
        var (text, variables) = argument is JsonArray list
            ? ((string)list[0]!, list[1]!.AsObject().ToDictionary(kv => kv.Key, kv => (string)Resolve(kv.Value)!))
            : ((string)argument!, new Dictionary<string, string>());
        return SubVariable().Replace(text, m => variables.TryGetValue(m.Groups[1].Value, out var v) ? v : Name(m.Groups[1].Value).GetValue<string>());
    }

    private JsonNode FindInMap(JsonArray args)
        => template["Mappings"]![(string)Resolve(args[0])!]![(string)Resolve(args[1])!]![(string)Resolve(args[2])!]!.DeepClone();

    private JsonValue Name(string name)
        => names.TryGetValue(name, out var value) ? JsonValue.Create(value) : throw new KeyNotFoundException($"no value given for {name}");

    [GeneratedRegex(@"\$\{([^}!][^}]*)\}")]
    private static partial Regex SubVariable();
}
