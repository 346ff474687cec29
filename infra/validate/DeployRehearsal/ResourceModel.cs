using System.Text.Json.Nodes;

namespace LambdaSuite.DeployRehearsal;

/// <summary>A handler's cross-service actions, required only while <see cref="Property"/> is set.</summary>
internal sealed record NeedRule(string Property, IReadOnlyList<string> Actions, string? Resource, IReadOnlyDictionary<string, string> Context);

/// <summary>Condition keys the listed actions carry, each from a property of the resource.</summary>
internal sealed record ContextRule(IReadOnlySet<string> Actions, IReadOnlyDictionary<string, string> Keys);

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
    IReadOnlyList<ContextRule> Context);

/// <summary>infra/validate/resource-model.json.</summary>
internal sealed class ResourceModel(IReadOnlyDictionary<string, TypeModel> types, IReadOnlyDictionary<string, Refusal> refused)
{
    public IReadOnlyDictionary<string, TypeModel> Types => types;

    public IReadOnlyDictionary<string, Refusal> Refused => refused;

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
        [.. (t["needs"] as JsonArray ?? []).Select(n => new NeedRule((string)n!["property"]!, HandlerFacts.Strings(n["actions"]), (string?)n["resource"], Map(n["context"])))],
        [.. (t["context"] as JsonArray ?? []).Select(c => new ContextRule(HandlerFacts.Strings(c!["actions"]).ToHashSet(StringComparer.OrdinalIgnoreCase), Map(c["keys"])))]);

    private static Dictionary<string, string> Map(JsonNode? node)
        => node is JsonObject map ? map.ToDictionary(kv => kv.Key, kv => (string)kv.Value!, StringComparer.Ordinal) : [];
}
