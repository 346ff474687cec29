using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// Evaluates CloudFormation intrinsic functions the way a local run needs them: parameters from
/// their defaults or overrides, resources by their local names (infra/local/resources.json),
/// pseudo parameters from the same map, and <c>Fn::GetAtt</c> from a "Resource.Attribute" entry of it
/// when there is one. Whatever cannot be known locally becomes an empty string
/// and a warning, so one odd construct never stops an invoke. Only what is asked for is evaluated
/// (of an <c>Fn::If</c>, only the chosen branch).
/// </summary>
internal sealed partial class Intrinsics(TemplateDocument template, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> localNames, Action<string> warn)
{
    /// <summary>The value of <c>!Ref AWS::NoValue</c> (compared by reference): the property is left out.</summary>
    public static readonly JsonValue NoValue = JsonValue.Create("AWS::NoValue");

    private readonly HashSet<string> _evaluating = new(StringComparer.Ordinal);

    public string Region => Pseudo("AWS::Region");
    public string AccountId => Pseudo("AWS::AccountId");
    public string Partition => Pseudo("AWS::Partition");

    /// <summary>Resolves <paramref name="node"/> to text; null for <c>AWS::NoValue</c>. <paramref name="where"/> names it in warnings.</summary>
    public string? ResolveString(JsonNode? node, string where)
    {
        var value = Resolve(node, where);
        return value == NoValue ? null : Warned(where, () => Text(value), string.Empty);
    }

    /// <summary>A detached copy of <paramref name="node"/> with every intrinsic in it evaluated.</summary>
    public JsonNode? Resolve(JsonNode? node, string where) => node switch
    {
        JsonArray list => new JsonArray([.. list.Select(item => Resolve(item, where)).Where(v => v != NoValue)]),
        JsonObject map when IsIntrinsic(map) => Warned(where, () => Evaluate(map.First().Key, map.First().Value, where), JsonValue.Create(string.Empty)),
        JsonObject map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, Resolve(kv.Value, $"{where}.{kv.Key}"))).Where(kv => kv.Value != NoValue)),
        _ => node?.DeepClone(),
    };

    public static bool IsIntrinsic(JsonNode? node) =>
        node is JsonObject { Count: 1 } map && map.First().Key is var key && (key is "Ref" or "Condition" || key.StartsWith("Fn::", StringComparison.Ordinal));

    public bool Condition(string name, string where)
    {
        var definition = template.Section("Conditions")[name] ?? throw new UnresolvableException($"condition {name} is not defined in Conditions");
        if (!_evaluating.Add(name))
        {
            throw new UnresolvableException($"condition {name} refers to itself");
        }

        try
        {
            return Bool(Resolve(definition, $"Conditions.{name}"));
        }
        finally
        {
            _evaluating.Remove(name);
        }
    }

    /// <summary>The text of a resolved value (lists join with commas, as CommaDelimitedList does).</summary>
    public static string Text(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue v => v.ToString(), // strings unquoted, numbers as written, booleans true/false
        JsonArray list => string.Join(',', list.Select(Text)),
        _ => throw new UnresolvableException($"expected a value, got {Describe(value)}"),
    };

    private T Warned<T>(string where, Func<T> evaluate, T fallback)
    {
        try
        {
            return evaluate();
        }
        catch (UnresolvableException e)
        {
            warn($"{where}: {e.Message}; using an empty string");
            return fallback;
        }
    }

    private JsonNode? Evaluate(string name, JsonNode? arg, string where) => name switch
    {
        "Ref" => Ref(Text(Resolve(arg, where))),
        "Condition" => Condition(Text(Resolve(arg, where)), where),
        "Fn::GetAtt" => GetAtt(Args(arg, where, 2)),
        "Fn::Sub" => Sub(arg, where),
        "Fn::Join" => Args(arg, where, 2) is [var separator, JsonArray items] ? string.Join(Text(separator), items.Select(Text)) : throw new UnresolvableException("Fn::Join expects a list of values"),
        "Fn::Select" => Args(arg, where, 2) is [var i, JsonArray items] && int.TryParse(Text(i), CultureInfo.InvariantCulture, out var index) && index >= 0 && index < items.Count
            ? items[index]?.DeepClone()
            : throw new UnresolvableException($"Fn::Select {Describe(arg)}: the index is outside the list"),
        "Fn::Split" => Split(Args(arg, where, 2)),
        // Only the chosen branch is resolved: the other may hold constructs that fail locally.
        "Fn::If" => arg is JsonArray { Count: 3 } branches
            ? Resolve(branches[Condition(Text(Resolve(branches[0], where)), where) ? 1 : 2], where)
            : throw new UnresolvableException($"Fn::If expects [condition, then, else], got {Describe(arg)}"),
        "Fn::Equals" => Args(arg, where, 2).Select(Text).Distinct(StringComparer.Ordinal).Count() == 1,
        "Fn::Not" => !Bool(Args(arg, where, 1)[0]),
        "Fn::And" => Args(arg, where, -1).All(Bool),
        "Fn::Or" => Args(arg, where, -1).Any(Bool),
        "Fn::FindInMap" => Args(arg, where, 3) is var m && template.Section("Mappings")[Text(m[0])]?[Text(m[1])]?[Text(m[2])] is { } found
            ? found.DeepClone()
            : throw new UnresolvableException($"!FindInMap {Describe(arg)} has no entry"),
        "Fn::ImportValue" => throw new UnresolvableException($"!ImportValue {Describe(arg)}: exports of other stacks do not exist locally"),
        _ => throw new UnresolvableException($"{name} is not supported by local invoke"),
    };

    private List<JsonNode?> Args(JsonNode? arg, string where, int count) =>
        Resolve(arg, where) is JsonArray list && (count < 0 || list.Count == count)
            ? [.. list]
            : throw new UnresolvableException($"expected a list of {(count >= 0 ? count.ToString(CultureInfo.InvariantCulture) : "values")}, got {Describe(arg)}");

    private JsonNode? Ref(string name)
    {
        if (parameters.TryGetValue(name, out var value))
        {
            var type = template.ParameterType(name);
            return type.StartsWith("List<", StringComparison.Ordinal) || type == "CommaDelimitedList"
                ? new JsonArray([.. value.Split(',').Select(v => (JsonNode?)v.Trim())])
                : value;
        }

        return name switch
        {
            "AWS::NoValue" => NoValue,
            _ when name.StartsWith("AWS::", StringComparison.Ordinal) => Pseudo(name),
            _ when template.Section("Parameters").ContainsKey(name) => throw new UnresolvableException($"parameter {name} has no Default and no --parameter-overrides value"),
            _ => LocalName(name),
        };
    }

    private string LocalName(string logicalId)
    {
        if (localNames.TryGetValue(logicalId, out var name))
        {
            return name;
        }

        // Local invoke names a function by its logical id (AWS_LAMBDA_FUNCTION_NAME too).
        return template.ResourceType(logicalId) switch
        {
            null => throw new UnresolvableException($"{logicalId} is neither a parameter nor a resource of the template"),
            "AWS::Serverless::Function" or "AWS::Lambda::Function" => logicalId,
            var type => throw new UnresolvableException($"resource {logicalId} ({type}) has no local name in resources.json"),
        };
    }

    private string Pseudo(string name) =>
        localNames.TryGetValue(name, out var value) ? value : throw new UnresolvableException($"pseudo parameter {name} has no value in resources.json");

    private static JsonArray Split(List<JsonNode?> args) => new([.. Text(args[1]).Split(Text(args[0])).Select(part => (JsonNode?)part)]);

    private string GetAtt(List<JsonNode?> args) => GetAtt(Text(args[0]), Text(args[1]));

    private string GetAtt(string resource, string attribute)
    {
        // A "Resource.Attribute" entry of the names map wins (the deploy rehearsal gives every ARN so).
        if (localNames.TryGetValue($"{resource}.{attribute}", out var known))
        {
            return known;
        }

        var type = template.ResourceType(resource) ?? throw new UnresolvableException($"!GetAtt {resource}.{attribute}: no such resource");
        var (name, arn, regional) = (LocalName(resource), $"arn:{Partition}", $"{Region}:{AccountId}");
        return (type, attribute) switch
        {
            ("AWS::S3::Bucket", "Arn") => $"{arn}:s3:::{name}",
            ("AWS::DynamoDB::Table", "Arn") => $"{arn}:dynamodb:{regional}:table/{name}",
            ("AWS::KMS::Key", "Arn") => $"{arn}:kms:{regional}:key/{name}",
            ("AWS::IAM::Role", "Arn") => $"{arn}:iam::{AccountId}:role/{name}",
            _ => throw new UnresolvableException($"!GetAtt {resource}.{attribute} ({type}) has no local value"),
        };
    }

    private string Sub(JsonNode? arg, string where)
    {
        var (format, variables) = arg switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => (s, new JsonObject()),
            JsonArray { Count: 2 } l when l[0] is JsonValue v && v.TryGetValue<string>(out var s) && l[1] is JsonObject map => (s, map),
            _ => throw new UnresolvableException($"Fn::Sub expects a string or [string, map], got {Describe(arg)}"),
        };

        return SubVariable().Replace(format, match =>
        {
            var name = match.Groups[1].Value.Trim();
            if (name.StartsWith('!'))
            {
                return "${" + name[1..] + "}"; // ${!Literal} is written out as ${Literal}
            }

            var dot = name.IndexOf('.', StringComparison.Ordinal);
            return Warned($"{where}: ${{{name}}}", () => variables.ContainsKey(name) ? Text(Resolve(variables[name], where))
                : dot > 0 && !name.StartsWith("AWS::", StringComparison.Ordinal) ? GetAtt(name[..dot], name[(dot + 1)..])
                : Text(Ref(name)), string.Empty);
        });
    }

    private bool Bool(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when bool.TryParse(v.ToString(), out var b) => b,
        _ => throw new UnresolvableException($"expected a condition, got {Describe(value)}"),
    };

    private static string Describe(JsonNode? value) => value?.ToJsonString() ?? "nothing";

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex SubVariable();
}
