using System.Text.RegularExpressions;

namespace LambdaSuite.IntegrationTests.Template;

/// <summary>
/// Decides whether a policy's Deny statements refuse one request, by IAM's documented condition
/// rules: every operator in a statement must hold; a key missing from the request makes a positive
/// operator false and a negated one (StringNotEquals) true; <c>...IfExists</c> is true for a
/// missing key; <c>Null</c> tests presence. Only what the customer template uses is implemented.
/// </summary>
internal static class DenyEvaluation
{
    /// <summary>The Sids of the Deny statements that refuse <paramref name="action"/> on <paramref name="resource"/>.</summary>
    public static List<string> DenyingStatements(IEnumerable<object?> statements, string action, string resource, IReadOnlyDictionary<string, string> context)
        => [.. statements.Cast<Dictionary<string, object?>>()
            .Where(s => (string?)s["Effect"] == "Deny"
                        && Values(s["Action"]).Any(a => Matches(a, action))
                        && Values(s["Resource"]).Any(r => Matches(r, resource))
                        && Holds(s.GetValueOrDefault("Condition") as Dictionary<string, object?>, context))
            .Select(s => (string?)s.GetValueOrDefault("Sid") ?? "(no Sid)")];

    private static bool Holds(Dictionary<string, object?>? condition, IReadOnlyDictionary<string, string> context)
        => condition is null || condition.All(op => ((Dictionary<string, object?>)op.Value!).All(kv => Operator(op.Key, context.GetValueOrDefault(kv.Key), Values(kv.Value))));

    private static bool Operator(string name, string? actual, List<string> expected)
    {
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

    private static List<string> Values(object? node) => node switch
    {
        string s => [s],
        List<object?> list => [.. list.Cast<string>()],
        _ => throw new NotSupportedException($"policy value {node}"),
    };
}
