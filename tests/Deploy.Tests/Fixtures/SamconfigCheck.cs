using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;

namespace LambdaSuite.Deploy.Tests.Fixtures;

/// <summary>
/// What a reviewer of samconfig.toml would check by hand: each environment's deploy section is
/// complete, every parameter override names a template parameter and passes its
/// AllowedPattern/AllowedValues/range (so a typo fails here, not at deploy), parameters without a
/// default are given, and an environment that ships logs names its destination and owner. The names
/// are the ones the environment's deploy access (infra/github-oidc.yaml) allows: the section is a
/// valid EnvironmentName, its stack is lambdasuite-&lt;section&gt;, its EnvironmentName is the section,
/// and it deploys through its own artifact bucket (no resolve_s3). Across sections: no two
/// environments share an SNS topic of RemediatorSnsTopicArns (subscriptions of a shared topic are
/// within either's reach) or an ECS cluster in one Region (either's boundary reaches all its tasks).
/// </summary>
internal static class SamconfigCheck
{
    private static readonly string[] Destination = ["DestinationBucket", "DestinationBucketOwner"];
    private static readonly string[] RequiredKeys = ["stack_name", "s3_prefix", "region", "capabilities", "confirm_changeset", "parameter_overrides"];

    public static TomlTable Parse(string toml) => TomlSerializer.Deserialize<TomlTable>(toml)!;

    /// <summary>The environments: every top-level table with a deploy.parameters section.</summary>
    public static Dictionary<string, TomlTable> DeploySections(TomlTable config)
        => config.Where(e => e.Value is TomlTable t && t.TryGetValue("deploy", out var d) && d is TomlTable dt && dt.ContainsKey("parameters"))
            .ToDictionary(e => e.Key, e => (TomlTable)((TomlTable)((TomlTable)e.Value!)["deploy"]!)["parameters"]!);

    public static List<string> Problems(TomlTable config, JsonObject template)
    {
        var problems = new List<string>();
        var parameters = template["Parameters"]!.AsObject();
        var shared = new List<(string Environment, string What)>();
        foreach (var (environment, section) in DeploySections(config))
        {
            problems.AddRange(RequiredKeys.Where(k => !section.ContainsKey(k)).Select(k => $"{environment}: {k} is missing"));
            if (section.ContainsKey("resolve_s3"))
            {
                problems.Add($"{environment}: resolve_s3 must not be set (the environment deploys through its own artifact bucket, sam deploy --s3-bucket)");
            }

            var namePattern = (string)parameters["EnvironmentName"]!["AllowedPattern"]!;
            if (!Regex.IsMatch(environment, namePattern))
            {
                problems.Add($"{environment}: not an environment name (EnvironmentName's {namePattern})");
            }

            if (section.TryGetValue("stack_name", out var stackName) && !Equals(stackName, $"lambdasuite-{environment}"))
            {
                problems.Add($"{environment}: stack_name {stackName} is not lambdasuite-{environment}, the stack its deploy access allows");
            }

            if (section.TryGetValue("stack_name", out var stack) && section.TryGetValue("s3_prefix", out var prefix) && !Equals(stack, prefix))
            {
                problems.Add($"{environment}: s3_prefix {prefix} differs from stack_name {stack}");
            }

            var overrides = Overrides(environment, section, problems);
            foreach (var (name, value) in overrides)
            {
                if (parameters[name] is not JsonObject definition)
                {
                    problems.Add($"{environment}: {name} is not a parameter of template.yaml");
                }
                else if (Invalid(definition, value) is { } reason)
                {
                    problems.Add($"{environment}: {name}={value} {reason}");
                }
            }

            problems.AddRange(parameters.Where(p => p.Value!["Default"] is null && !overrides.ContainsKey(p.Key))
                .Select(p => $"{environment}: {p.Key} has no default and no override"));
            if (overrides.GetValueOrDefault("EnvironmentName") != environment)
            {
                problems.Add($"{environment}: EnvironmentName={overrides.GetValueOrDefault("EnvironmentName")} is not the section's name");
            }

            if (overrides.GetValueOrDefault("ShipperEnabled") == "true")
            {
                problems.AddRange(Destination.Where(p => string.IsNullOrEmpty(overrides.GetValueOrDefault(p)))
                    .Select(p => $"{environment}: ShipperEnabled=true needs {p}"));
            }

            shared.AddRange((overrides.GetValueOrDefault("RemediatorSnsTopicArns") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(topic => (environment, $"topic {topic} (RemediatorSnsTopicArns)")));
            if (overrides.GetValueOrDefault("RemediatorClusterName") is { } cluster)
            {
                shared.Add((environment, $"cluster {cluster} in {Get(section, "region")} (RemediatorClusterName)"));
            }
        }

        problems.AddRange(shared.GroupBy(s => s.What).Where(g => g.Count() > 1)
            .Select(g => $"{string.Join(", ", g.Select(s => s.Environment))} share the {g.Key}: give each environment its own"));

        if (DeploySections(config).TryGetValue("prod", out var prod) && Get(prod, "confirm_changeset") is not true)
        {
            problems.Add("prod: confirm_changeset must be true");
        }

        return problems;
    }

    /// <summary>The overrides as SAM reads them: "Key=Value" strings; "" or '' around a value is removed.</summary>
    private static Dictionary<string, string> Overrides(string environment, TomlTable section, List<string> problems)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Get(section, "parameter_overrides") is not TomlArray entries)
        {
            problems.Add($"{environment}: parameter_overrides must be a list of \"Key=Value\" strings");
            return result;
        }

        foreach (var entry in entries)
        {
            var text = entry as string ?? string.Empty;
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = equals > 0 ? (text[..equals], text[(equals + 1)..]) : (text, string.Empty);
            if (equals <= 0 || value.Length == 0 || value.Contains(' ', StringComparison.Ordinal) && value[0] is not ('"' or '\''))
            {
                problems.Add($"{environment}: \"{text}\" is not Key=Value as sam reads it (an empty or spaced value needs quotes)");
                continue;
            }

            if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            if (!result.TryAdd(name, value))
            {
                problems.Add($"{environment}: {name} is given twice");
            }
        }

        return result;
    }

    private static double Limit(JsonNode? node, double none)
        => node is null ? none : double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    private static object? Get(TomlTable table, string key) => table.TryGetValue(key, out var value) ? value : null;

    private static string? Invalid(JsonObject definition, string value)
    {
        if (definition["AllowedValues"] is JsonArray allowed && !allowed.Select(v => v!.ToString()).Contains(value))
        {
            return $"is not one of {allowed.ToJsonString()}";
        }

        if ((string?)definition["AllowedPattern"] is { } pattern && !Regex.IsMatch(value, pattern))
        {
            return $"does not match {pattern}";
        }

        if ((string?)definition["Type"] != "Number")
        {
            return null;
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return "is not a number";
        }

        return number < Limit(definition["MinValue"], double.MinValue) || number > Limit(definition["MaxValue"], double.MaxValue)
            ? $"is outside {definition["MinValue"]}..{definition["MaxValue"]}"
            : null;
    }
}
