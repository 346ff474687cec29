using System.Text.Json.Nodes;

namespace LambdaSuite.DeployRehearsal;

/// <summary>
/// Decides which statements of a policy apply to one request, by IAM's documented rules: actions
/// match case-insensitively with <c>*</c>/<c>?</c>, resources case-sensitively; every operator in a
/// statement must hold; a key missing from the request makes a positive operator false and a
/// negated one (StringNotEquals) true; <c>...IfExists</c> is true for a missing key; <c>Null</c>
/// tests presence; <c>ArnEquals</c> takes wildcards like <c>ArnLike</c>. A key may carry several
/// values (cloudwatch:AlarmActions): <c>ForAllValues:</c> holds when every value passes the
/// operator, and for a missing or empty key; <c>ForAnyValue:</c> when one value does, never for a
/// missing key; a single-valued operator refuses a key with several values (IAM's documentation:
/// "Single-valued vs. multivalued context keys"). A request is allowed when an Allow applies and no
/// Deny does. Only what the repository's policies use is implemented; anything else throws.
/// </summary>
internal static class PolicyEvaluation
{
    public static bool Allows(IEnumerable<JsonNode?> statements, string action, string resource, IReadOnlyDictionary<string, string> context)
        => Allows(statements, action, resource, Multi(context));

    public static bool Allows(IEnumerable<JsonNode?> statements, string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>> context)
    {
        var list = statements.ToList();
        return Matching(list, "Allow", action, resource, context).Count > 0 && Matching(list, "Deny", action, resource, context).Count == 0;
    }

    /// <summary>The Sids of the Deny statements that refuse <paramref name="action"/> on <paramref name="resource"/>.</summary>
    public static List<string> DenyingStatements(IEnumerable<JsonNode?> statements, string action, string resource, IReadOnlyDictionary<string, string> context)
        => [.. Matching(statements, "Deny", action, resource, Multi(context)).Select(s => s["Sid"]?.ToString() ?? "(no Sid)")];

    /// <summary>A request context whose keys carry one value each.</summary>
    public static Dictionary<string, IReadOnlyList<string>> Multi(IReadOnlyDictionary<string, string> context)
        => context.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[kv.Value], StringComparer.Ordinal);

    public static List<JsonObject> Matching(IEnumerable<JsonNode?> statements, string effect, string action, string resource, IReadOnlyDictionary<string, string> context, bool requestIsPattern = false)
        => Matching(statements, effect, action, resource, Multi(context), requestIsPattern);

    /// <summary>
    /// The statements with <paramref name="effect"/> that apply (a statement without Resource, as in a
    /// trust policy, applies to any). With <paramref name="requestIsPattern"/> the action and resource
    /// are themselves patterns (another policy's) and a statement applies only when it covers all they stand for.
    /// </summary>
    public static List<JsonObject> Matching(IEnumerable<JsonNode?> statements, string effect, string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>> context, bool requestIsPattern = false)
        => [.. statements.Select(s => s!.AsObject())
            .Where(s => s["Effect"]?.ToString() == effect
                        && Values(s["Action"]).Any(a => Matches(a, action, ignoreCase: true, valueIsPattern: requestIsPattern))
                        && (!s.ContainsKey("Resource") || Values(s["Resource"]).Any(r => Matches(r, resource, valueIsPattern: requestIsPattern)))
                        && Holds(s["Condition"] as JsonObject, context))];

    /// <summary>
    /// IAM's wildcard match. With <paramref name="valueIsPattern"/> the value's own <c>*</c> counts as
    /// "anything", so only a <c>*</c> of the pattern can stand for it: the pattern then covers the value.
    /// </summary>
    public static bool Matches(string pattern, string value, bool ignoreCase = false, bool valueIsPattern = false)
    {
        // Glob matching with backtracking to the last '*' (linear for IAM's patterns, no regex cache to thrash).
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                (star, resume) = (p++, v);
            }
            else if (p < pattern.Length && (pattern[p] == '?' ? !valueIsPattern || value[v] is not ('*' or '?') : string.Compare(pattern, p, value, v, 1, comparison) == 0 && (!valueIsPattern || value[v] is not ('*' or '?'))))
            {
                (p, v) = (p + 1, v + 1);
            }
            else if (star >= 0)
            {
                (p, v) = (star + 1, ++resume);
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>The condition keys a statement tests, e.g. <c>aws:ResourceTag/aws:cloudformation:stack-name</c>.</summary>
    public static IEnumerable<string> ConditionKeys(JsonObject statement)
        => (statement["Condition"] as JsonObject)?.SelectMany(op => op.Value!.AsObject().Select(kv => kv.Key)) ?? [];

    public static List<string> Values(JsonNode? node) => node switch
    {
        null => [],
        JsonValue value => [value.ToString()],
        JsonArray list => [.. list.Select(v => v!.ToString())],
        _ => throw new NotSupportedException($"policy value {node.ToJsonString()}"),
    };

    private static bool Holds(JsonObject? condition, IReadOnlyDictionary<string, IReadOnlyList<string>> context)
        => condition is null || condition.All(op => op.Value!.AsObject().All(kv => Holds(op.Key, kv.Key, context.GetValueOrDefault(kv.Key), Values(kv.Value))));

    private static bool Holds(string name, string key, IReadOnlyList<string>? actual, List<string> expected)
    {
        if (name.StartsWith("ForAllValues:", StringComparison.Ordinal))
        {
            return actual is null || actual.All(value => Operator(name["ForAllValues:".Length..], value, expected));
        }

        if (name.StartsWith("ForAnyValue:", StringComparison.Ordinal))
        {
            return actual is not null && actual.Any(value => Operator(name["ForAnyValue:".Length..], value, expected));
        }

        return actual switch
        {
            null or [] => Operator(name, null, expected),
            [var single] => Operator(name, single, expected),
            _ => throw new NotSupportedException($"{name} on {key}, which carries {actual.Count} values: use ForAllValues: or ForAnyValue:"),
        };
    }

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
            "StringLike" or "ArnLike" or "ArnEquals" => expected.Any(e => Matches(e, actual)),
            "StringNotLike" or "ArnNotLike" or "ArnNotEquals" => !expected.Any(e => Matches(e, actual)),
            _ => throw new NotSupportedException($"condition operator {name}"),
        };
    }
}
