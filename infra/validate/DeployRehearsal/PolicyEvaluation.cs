using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LambdaSuite.IntegrationTests.Fixtures;

/// <summary>
/// Decides which statements of a policy apply to one request, by IAM's documented condition
/// rules: every operator in a statement must hold; a key missing from the request makes a positive
/// operator false and a negated one (StringNotEquals) true; <c>...IfExists</c> is true for a
/// missing key; <c>Null</c> tests presence; <c>ForAnyValue:</c> is false for a missing key (keys
/// here are single-valued). Only what the repository's templates use is implemented.
/// </summary>
internal static class PolicyEvaluation
{
    /// <summary>The Sids of the Deny statements that refuse <paramref name="action"/> on <paramref name="resource"/>.</summary>
    public static List<string> DenyingStatements(IEnumerable<JsonNode?> statements, string action, string resource, IReadOnlyDictionary<string, string> context)
        => [.. Matching(statements, "Deny", action, resource, context).Select(s => s["Sid"]?.ToString() ?? "(no Sid)")];

    /// <summary>The statements with <paramref name="effect"/> that apply (a statement without Resource, as in a trust policy, applies to any).</summary>
    public static List<JsonObject> Matching(IEnumerable<JsonNode?> statements, string effect, string action, string resource, IReadOnlyDictionary<string, string> context)
        => [.. statements.Select(s => s!.AsObject())
            .Where(s => s["Effect"]?.ToString() == effect
                        && Values(s["Action"]).Any(a => Matches(a, action))
                        && (!s.ContainsKey("Resource") || Values(s["Resource"]).Any(r => Matches(r, resource)))
                        && Holds(s["Condition"] as JsonObject, context))];

    private static bool Holds(JsonObject? condition, IReadOnlyDictionary<string, string> context)
        => condition is null || condition.All(op => op.Value!.AsObject().All(kv => Operator(op.Key, context.GetValueOrDefault(kv.Key), Values(kv.Value))));

    private static bool Operator(string name, string? actual, List<string> expected)
    {
        if (name.StartsWith("ForAnyValue:", StringComparison.Ordinal))
        {
            return actual is not null && Operator(name["ForAnyValue:".Length..], actual, expected);
        }

        var ifExists = name.EndsWith("IfExists", StringComparison.Ordinal);
        var op = ifExists ? name[..^"IfExists".Length] : name;
        if (op == "Null")
        {
            return expected.Single() == (actual is null ? "true" : "false");
        }

        if (actual is null)
        {
            return ifExists || op.Contains("Not", StringComparison.Ordinal);
        }

        return op switch
        {
            "StringEquals" or "Bool" => expected.Contains(actual),
            "StringNotEquals" => !expected.Contains(actual),
            "StringLike" or "ArnLike" => expected.Any(e => Matches(e, actual)),
            _ => throw new NotSupportedException($"condition operator {name}"),
        };
    }

    private static bool Matches(string pattern, string value)
        => Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$");

    private static List<string> Values(JsonNode? node) => node switch
    {
        JsonValue value => [value.ToString()],
        JsonArray list => [.. list.Select(v => v!.ToString())],
        _ => throw new NotSupportedException($"policy value {node}"),
    };
}
