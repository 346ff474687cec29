using System.Text.Json.Nodes;

namespace LambdaSuite.DeployRehearsal;

/// <summary>A handler's cross-service actions, required only while one of <see cref="Properties"/> is set.</summary>
internal sealed record NeedRule(IReadOnlyList<string> Properties, IReadOnlyList<string> Actions, string? Resource, IReadOnlyDictionary<string, string> Context);

/// <summary>A condition key's source: the properties whose values it carries; several values only when <see cref="MultiValued"/>.</summary>
internal sealed record ContextKey(IReadOnlyList<string> Properties, bool MultiValued);

/// <summary>Condition keys the listed actions carry, each from properties of the resource.</summary>
internal sealed record ContextRule(IReadOnlySet<string> Actions, IReadOnlyDictionary<string, ContextKey> Keys);

/// <summary>Actions of the type's own service that AWS documents for a handler but its schema does not list, while <see cref="Property"/> is set.</summary>
internal sealed record BeyondHandlers(IReadOnlyList<string> Handlers, IReadOnlyList<string> Actions, string Property);

/// <summary>An action the execution role denies on purpose; <see cref="UnlessProperty"/> (Type.Property) would make it necessary.</summary>
internal sealed record Refusal(string Reason, string? UnlessProperty);

/// <summary>One resource type as the rehearsal sees it (see the "about" of infra/validate/resource-model.json).</summary>
internal sealed record TypeModel(
    string Service,
    string? Arn,
    string? NameProperty,
    int NameMaxLength,
    bool Lowercase,
    string? Id,
    string? Creates,
    string Ref,
    string? Url,
    string? ActionsOn,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<NeedRule> Needs,
    IReadOnlyList<ContextRule> Context,
    IReadOnlyDictionary<string, string> NeverNeeded,
    IReadOnlyList<BeyondHandlers> Beyond);

/// <summary>infra/validate/resource-model.json.</summary>
internal sealed class ResourceModel(IReadOnlyDictionary<string, TypeModel> types, IReadOnlyDictionary<string, Refusal> refused)
{
    public IReadOnlyDictionary<string, TypeModel> Types => types;

    public IReadOnlyDictionary<string, Refusal> Refused => refused;

    /// <summary>The same model with one type's replaced (a test's "what if the model said...").</summary>
    public ResourceModel With(string type, TypeModel model)
        => new(types.Where(t => t.Key != type).Append(KeyValuePair.Create(type, model)).ToDictionary(StringComparer.Ordinal), refused);

    public static ResourceModel Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var types = root["types"]!.AsObject().ToDictionary(t => t.Key, t => Type(t.Value!.AsObject()), StringComparer.Ordinal);
        var refused = root["refused"]!.AsObject().ToDictionary(r => r.Key, r => new Refusal((string)r.Value!["reason"]!, (string?)r.Value["unlessProperty"]), StringComparer.Ordinal);
        return new ResourceModel(types, refused);
    }

    private static TypeModel Type(JsonObject t) => new(
        (string)t["service"]!,
        (string?)t["arn"],
        (string?)t["name"]?["property"],
        (int?)t["name"]?["maxLength"] ?? 255,
        (bool?)t["name"]?["lowercase"] ?? false,
        (string?)t["id"],
        (string?)t["creates"],
        (string?)t["ref"] ?? "name",
        (string?)t["url"],
        (string?)t["actionsOn"],
        Map(t["attributes"]),
        [.. (t["needs"] as JsonArray ?? []).Select(n => new NeedRule(OneOrMore(n!["property"]), HandlerFacts.Strings(n["actions"]), (string?)n["resource"], Map(n["context"])))],
        [.. (t["context"] as JsonArray ?? []).Select(c => new ContextRule(
            HandlerFacts.Strings(c!["actions"]).ToHashSet(StringComparer.OrdinalIgnoreCase),
            c["keys"]!.AsObject().ToDictionary(k => k.Key, k => new ContextKey(OneOrMore(k.Value), k.Value is JsonArray), StringComparer.Ordinal)))],
        Map(t["neverNeeded"]),
        [.. (t["beyondHandlers"] as JsonArray ?? []).Select(b => new BeyondHandlers(HandlerFacts.Strings(b!["handlers"]), HandlerFacts.Strings(b["actions"]), (string)b["property"]!))]);

    /// <summary>A property path, or a list of them.</summary>
    private static List<string> OneOrMore(JsonNode? node) => node is JsonArray ? HandlerFacts.Strings(node) : [(string)node!];

    private static Dictionary<string, string> Map(JsonNode? node)
        => node is JsonObject map ? map.ToDictionary(kv => kv.Key, kv => (string)kv.Value!, StringComparer.Ordinal) : [];
}
