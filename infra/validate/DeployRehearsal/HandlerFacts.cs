using System.Text.Json.Nodes;

namespace LambdaSuite.DeployRehearsal;

/// <summary>One resource type's facts from its CloudFormation resource provider schema.</summary>
internal sealed record TypeFacts(bool SystemTags, string? TagProperty, IReadOnlyDictionary<string, IReadOnlyList<string>> Handlers);

/// <summary>
/// infra/validate/resource-handlers.json (written by infra/validate/handler-facts): per resource type
/// the actions its create, update and delete handlers call and whether CloudFormation tags it with
/// its system tags; which of those actions name no resource type (IAM authorizes them against "*"),
/// and which are not IAM actions at all (listed by a schema, absent from the Service Authorization Reference).
/// </summary>
internal sealed class HandlerFacts(IReadOnlyDictionary<string, TypeFacts> types, IReadOnlySet<string> resourceless, IReadOnlySet<string> notActions)
{
    public static readonly string[] HandlerNames = ["create", "update", "delete"];

    public IReadOnlyDictionary<string, TypeFacts> Types => types;

    /// <summary>The same facts with one type's replaced (a test's "what if the schema said...").</summary>
    public HandlerFacts With(string type, TypeFacts facts)
        => new(types.Where(t => t.Key != type).Append(KeyValuePair.Create(type, facts)).ToDictionary(StringComparer.Ordinal), resourceless, notActions);

    public bool IsResourceless(string action) => resourceless.Contains(action);

    public bool IsNotAnAction(string action) => notActions.Contains(action);

    public static HandlerFacts Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var types = root["types"]!.AsObject().ToDictionary(
            t => t.Key,
            t => new TypeFacts(
                (bool)t.Value!["cloudFormationSystemTags"]!,
                (string?)t.Value["tagProperty"],
                HandlerNames.ToDictionary(h => h, h => (IReadOnlyList<string>)Strings(t.Value["handlers"]![h]), StringComparer.Ordinal)),
            StringComparer.Ordinal);
        return new HandlerFacts(types, Strings(root["resourcelessActions"]).ToHashSet(StringComparer.Ordinal), Strings(root["actionsNotInTheReference"]).ToHashSet(StringComparer.Ordinal));
    }

    internal static List<string> Strings(JsonNode? node) => node is JsonArray list ? [.. list.Select(v => (string)v!)] : [];
}
