using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;

namespace LambdaSuite.Template.Tests.Fixtures;

/// <summary>
/// template.yaml with its alarm units (the AWS::Serverless::Application resources whose Location is
/// infra/alarms/function.yaml or queue.yaml) written out in place: each alarm of the unit under the id
/// its name gives it (the name without "${AWS::StackName}-", e.g. LogShipperErrorsAlarm), with the
/// unit's parameters replaced by what template.yaml passes, its own conditions decided by those values
/// and the application's condition on it. Tests of the template then read every alarm as one resource.
/// </summary>
internal static partial class AlarmUnits
{
    public static readonly string[] Locations = ["infra/alarms/function.yaml", "infra/alarms/queue.yaml"];

    public static JsonObject Load() => Inline(CfnYaml.LoadFile(RepositoryPaths.Combine("template.yaml")));

    public static JsonObject Inline(JsonObject template)
    {
        var result = template.DeepClone().AsObject();
        var resources = new JsonObject();
        foreach (var (id, resource) in result["Resources"]!.AsObject())
        {
            var location = (string?)resource!["Properties"]?["Location"];
            if ((string?)resource["Type"] != "AWS::Serverless::Application" || !Locations.Contains(location))
            {
                resources[id] = resource.DeepClone();
                continue;
            }

            foreach (var (alarmId, alarm) in Alarms(resource.AsObject(), CfnYaml.LoadFile(RepositoryPaths.Combine(location!))))
            {
                resources[alarmId] = alarm;
            }
        }

        result["Resources"] = resources;
        return result;
    }

    private static IEnumerable<(string Id, JsonObject Alarm)> Alarms(JsonObject application, JsonObject unit)
    {
        var given = application["Properties"]!["Parameters"]!.AsObject();
        var parameters = unit["Parameters"]!.AsObject().ToDictionary(
            p => p.Key,
            p => given[p.Key]?.DeepClone() ?? p.Value!["Default"]?.DeepClone() ?? throw new InvalidOperationException($"the alarm unit's parameter {p.Key} is not given"),
            StringComparer.Ordinal);
        var conditions = (unit["Conditions"] as JsonObject ?? []).ToDictionary(c => c.Key, c => Decide(c.Value!, parameters), StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, resource) in unit["Resources"]!.AsObject())
        {
            var name = (string)Substitute(resource!["Properties"]!["AlarmName"]!, parameters, names)["Fn::Sub"]!;
            names[id] = NameId().Match(name) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"alarm name {name} does not start with the stack name");
        }

        foreach (var (id, resource) in unit["Resources"]!.AsObject())
        {
            if ((string?)resource!["Condition"] is { } condition && !conditions[condition])
            {
                continue;
            }

            var alarm = Substitute(resource, parameters, names).AsObject();
            alarm.Remove("Condition");
            if (application["Condition"] is { } outer)
            {
                alarm["Condition"] = outer.DeepClone();
            }

            yield return (names[id], alarm);
        }
    }

    // The unit's conditions compare a parameter with a literal.
    private static bool Decide(JsonNode condition, Dictionary<string, JsonNode> parameters)
    {
        var args = condition["Fn::Equals"]?.AsArray() ?? throw new NotSupportedException($"alarm unit condition {condition.ToJsonString()}");
        return Literal(args[0]!, parameters) == Literal(args[1]!, parameters);
    }

    private static string Literal(JsonNode node, Dictionary<string, JsonNode> parameters)
        => node is JsonObject { Count: 1 } o && o["Ref"] is { } r ? Literal(parameters[(string)r!], parameters) : node.GetValue<string>();

    private static JsonNode Substitute(JsonNode node, Dictionary<string, JsonNode> parameters, Dictionary<string, string> names) => node switch
    {
        JsonObject { Count: 1 } o when o["Ref"] is JsonValue r && parameters.TryGetValue((string)r!, out var value) => value.DeepClone(),
        JsonObject { Count: 1 } o when o["Fn::Sub"] is JsonValue s => new JsonObject { ["Fn::Sub"] = SubText((string)s!, parameters, names) },
        JsonObject { Count: 1 } o when o["Fn::GetAtt"] is JsonArray a && names.TryGetValue((string)a[0]!, out var id) => new JsonObject { ["Fn::GetAtt"] = new JsonArray(id, a[1]!.DeepClone()) },
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Substitute(p.Value!, parameters, names)))),
        JsonArray a => new JsonArray([.. a.Select(e => (JsonNode?)Substitute(e!, parameters, names))]),
        _ => node.DeepClone(),
    };

    // ${Parameter} becomes the value given: a literal inline, ${X} for Ref X, the text of a Sub.
    private static string SubText(string text, Dictionary<string, JsonNode> parameters, Dictionary<string, string> names) => Placeholder().Replace(text, m =>
    {
        var key = m.Groups[1].Value;
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && names.TryGetValue(key[..dot], out var id))
        {
            return "${" + id + key[dot..] + "}";
        }

        return !parameters.TryGetValue(key, out var value) ? m.Value : value switch
        {
            JsonValue literal => literal.ToString(),
            JsonObject { Count: 1 } o when o["Ref"] is JsonValue r => "${" + (string)r! + "}",
            JsonObject { Count: 1 } o when o["Fn::Sub"] is JsonValue s => (string)s!,
            JsonObject { Count: 1 } o when o["Fn::GetAtt"] is JsonArray a => "${" + (string)a[0]! + "." + (string)a[1]! + "}",
            _ => throw new NotSupportedException($"parameter {key} = {value.ToJsonString()} inside Fn::Sub"),
        };
    });

    [GeneratedRegex(@"\$\{([A-Za-z0-9:.]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\$\{AWS::StackName\}-([A-Za-z0-9]+)$")]
    private static partial Regex NameId();
}
