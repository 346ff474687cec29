using System.Text.Json.Nodes;

namespace LambdaSuite.DeployRehearsal;

/// <summary>
/// The roles a stack creates against the environment's permissions boundary: each must name it as
/// its PermissionsBoundary, and every Allow statement of its policies must lie inside it, so a
/// permission the boundary lacks is found here, not at run time as an AccessDenied. A statement lies
/// inside when, for each of its actions and resources (their wildcards taken as "anything"), a
/// boundary statement covers it under the statement's own condition values (e.g. aws:ResourceAccount),
/// each of them when a condition lists several (the request may carry any one).
/// </summary>
internal static class BoundaryCheck
{
    private static readonly string[] ValueOperators = ["StringEquals", "StringLike", "ArnEquals", "ArnLike", "Bool"];

    public static IEnumerable<string> Check(StackPlan stack, string boundaryArn, IReadOnlyList<JsonNode?> boundary)
    {
        foreach (var role in stack.AllResources.Where(r => r.Type == "AWS::IAM::Role"))
        {
            if (stack.Texts(role, "PermissionsBoundary").FirstOrDefault() is var set && set != boundaryArn)
            {
                yield return $"no boundary: {role} has PermissionsBoundary '{set}', not the environment's {boundaryArn}";
            }

            if (stack.Values(role, "ManagedPolicyArns").Count > 0)
            {
                yield return $"outside the boundary: {role} attaches managed policies, which the rehearsal cannot read";
            }

            foreach (var statement in stack.Values(role, "Policies.PolicyDocument.Statement").OfType<JsonObject>().Where(s => s["Effect"]?.ToString() == "Allow"))
            {
                var contexts = Combinations(ConditionValues(statement));
                foreach (var action in PolicyEvaluation.Values(statement["Action"]))
                {
                    foreach (var resource in PolicyEvaluation.Values(statement["Resource"]))
                    {
                        foreach (var context in contexts.Where(c => PolicyEvaluation.Matching(boundary, "Allow", action, resource, c, requestIsPattern: true).Count == 0))
                        {
                            var with = context.Count == 0 ? string.Empty : " with " + string.Join(", ", context.Select(c => $"{c.Key}={c.Value}"));
                            yield return $"outside the boundary: {role} statement {statement["Sid"]?.ToString() ?? "(no Sid)"}: {action} on {resource}{with}";
                        }
                    }
                }
            }
        }
    }

    // What the statement's own conditions say the request carries (negated operators say nothing).
    private static Dictionary<string, List<string>> ConditionValues(JsonObject statement)
        => (statement["Condition"] as JsonObject ?? [])
            .Where(op => ValueOperators.Contains(op.Key))
            .SelectMany(op => op.Value!.AsObject())
            .ToDictionary(kv => kv.Key, kv => PolicyEvaluation.Values(kv.Value), StringComparer.Ordinal);

    // Every request the conditions admit: one value per key, in every combination.
    private static List<Dictionary<string, string>> Combinations(Dictionary<string, List<string>> values)
        => values.Aggregate(
            new List<Dictionary<string, string>> { new(StringComparer.Ordinal) },
            (partial, key) => [.. partial.SelectMany(p => key.Value.Select(v => new Dictionary<string, string>(p, StringComparer.Ordinal) { [key.Key] = v }))]);
}
