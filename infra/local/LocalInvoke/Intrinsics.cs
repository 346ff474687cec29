using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// Evaluates CloudFormation intrinsic functions the way a local run needs them: parameters from
/// their defaults or overrides, resources by their local names (infra/local/resources.json),
/// pseudo parameters from the same map. Whatever cannot be known locally becomes an empty string
/// and a warning, so one odd construct never stops an invoke.
/// </summary>
internal sealed partial class Intrinsics
{
    /// <summary>The value of <c>!Ref AWS::NoValue</c>: the property is left out.</summary>
    public static readonly object NoValue = new();

    private readonly TemplateDocument _template;
    private readonly IReadOnlyDictionary<string, string> _parameters;
    private readonly IReadOnlyDictionary<string, string> _localNames;
    private readonly Action<string> _warn;
    private readonly HashSet<string> _evaluating = new(StringComparer.Ordinal);

    public Intrinsics(TemplateDocument template, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> localNames, Action<string> warn)
    {
        _template = template;
        _parameters = parameters;
        _localNames = localNames;
        _warn = warn;
    }

    public string Region => Pseudo("AWS::Region");

    public string AccountId => Pseudo("AWS::AccountId");

    public string Partition => Pseudo("AWS::Partition");

    /// <summary>Resolves <paramref name="node"/> to a string; <paramref name="where"/> names it in warnings.</summary>
    public string? ResolveString(object? node, string where)
    {
        var value = Resolve(node, where);
        if (value == NoValue)
        {
            return null;
        }

        try
        {
            return Text(value);
        }
        catch (UnresolvableException e)
        {
            _warn($"{where}: {e.Message}; using an empty string");
            return string.Empty;
        }
    }

    public object? Resolve(object? node, string where)
    {
        switch (node)
        {
            case List<object?> list:
                return list.Select(item => Resolve(item, where)).Where(v => v != NoValue).ToList();
            case Dictionary<string, object?> map when IsIntrinsic(map):
                var (name, argument) = map.First();
                try
                {
                    return Evaluate(name, argument, where);
                }
                catch (UnresolvableException e)
                {
                    _warn($"{where}: {e.Message}; using an empty string");
                    return string.Empty;
                }

            case Dictionary<string, object?> map:
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in map)
                {
                    var resolved = Resolve(value, $"{where}.{key}");
                    if (resolved != NoValue)
                    {
                        result[key] = resolved;
                    }
                }

                return result;
            default:
                return node;
        }
    }

    public static bool IsIntrinsic(Dictionary<string, object?> map) =>
        map.Count == 1 && map.Keys.First() is var key && (key is "Ref" or "Condition" || key.StartsWith("Fn::", StringComparison.Ordinal));

    public bool Condition(string name, string where)
    {
        if (!_template.Conditions.TryGetValue(name, out var definition))
        {
            throw new UnresolvableException($"condition {name} is not defined in Conditions");
        }

        if (!_evaluating.Add(name))
        {
            throw new UnresolvableException($"condition {name} refers to itself");
        }

        try
        {
            return Bool(Resolve(definition, $"Conditions.{name}"), where);
        }
        finally
        {
            _evaluating.Remove(name);
        }
    }

    private object? Evaluate(string name, object? arg, string where) => name switch
    {
        "Ref" => Ref(Text(Resolve(arg, where))),
        "Condition" => Condition(Text(Resolve(arg, where)), where),
        "Fn::GetAtt" => GetAtt(Args(arg, where, 2)),
        "Fn::Sub" => Sub(arg, where),
        "Fn::Join" => Join(Args(arg, where, 2)),
        "Fn::Select" => Select(Args(arg, where, 2)),
        "Fn::Split" => Split(Args(arg, where, 2)),
        "Fn::If" => If(arg, where),
        "Fn::Equals" => Args(arg, where, 2) is var eq && string.Equals(Text(eq[0]), Text(eq[1]), StringComparison.Ordinal),
        "Fn::Not" => !Bool(Args(arg, where, 1)[0], where),
        "Fn::And" => Args(arg, where, -1).All(v => Bool(v, where)),
        "Fn::Or" => Args(arg, where, -1).Any(v => Bool(v, where)),
        "Fn::FindInMap" => FindInMap(Args(arg, where, 3)),
        "Fn::Base64" => Convert.ToBase64String(Encoding.UTF8.GetBytes(Text(Resolve(arg, where)))),
        "Fn::GetAZs" => new List<object?> { Region + "a", Region + "b", Region + "c" },
        "Fn::ImportValue" => throw new UnresolvableException($"!ImportValue {Describe(arg)}: exports of other stacks do not exist locally"),
        _ => throw new UnresolvableException($"{name} is not supported by local invoke"),
    };

    private List<object?> Args(object? arg, string where, int count)
    {
        if (Resolve(arg, where) is not List<object?> list || (count >= 0 && list.Count != count))
        {
            throw new UnresolvableException($"expected a list of {(count >= 0 ? count.ToString(CultureInfo.InvariantCulture) : "values")}, got {Describe(arg)}");
        }

        return list;
    }

    private object? If(object? arg, string where)
    {
        // Only the chosen branch is resolved: the other may hold constructs that fail locally.
        if (arg is not List<object?> { Count: 3 } parts)
        {
            throw new UnresolvableException($"Fn::If expects [condition, then, else], got {Describe(arg)}");
        }

        return Condition(Text(Resolve(parts[0], where)), where) ? Resolve(parts[1], where) : Resolve(parts[2], where);
    }

    private object? Ref(string name)
    {
        if (_parameters.TryGetValue(name, out var value))
        {
            var type = _template.ParameterType(name);
            return type.StartsWith("List<", StringComparison.Ordinal) || type == "CommaDelimitedList"
                ? value.Split(',').Select(v => (object?)v.Trim()).ToList()
                : value;
        }

        if (name == "AWS::NoValue")
        {
            return NoValue;
        }

        if (name.StartsWith("AWS::", StringComparison.Ordinal))
        {
            return name == "AWS::URLSuffix" ? "amazonaws.com" : Pseudo(name);
        }

        if (_template.Parameters.ContainsKey(name))
        {
            throw new UnresolvableException($"parameter {name} has no Default and no --parameter-overrides value");
        }

        return LocalName(name);
    }

    private string LocalName(string logicalId)
    {
        if (_localNames.TryGetValue(logicalId, out var name))
        {
            return name;
        }

        var type = _template.ResourceType(logicalId)
            ?? throw new UnresolvableException($"{logicalId} is neither a parameter nor a resource of the template");

        // Local invoke names a function by its logical id (AWS_LAMBDA_FUNCTION_NAME too).
        return type is "AWS::Serverless::Function" or "AWS::Lambda::Function"
            ? logicalId
            : throw new UnresolvableException($"resource {logicalId} ({type}) has no local name in resources.json");
    }

    private string Pseudo(string name) =>
        _localNames.TryGetValue(name, out var value) ? value : throw new UnresolvableException($"pseudo parameter {name} has no value in resources.json");

    private string GetAtt(List<object?> args)
    {
        var (resource, attribute) = (Text(args[0]), Text(args[1]));
        var type = _template.ResourceType(resource) ?? throw new UnresolvableException($"!GetAtt {resource}.{attribute}: no such resource");
        var name = LocalName(resource);
        var prefix = $"arn:{Partition}";
        return (type, attribute) switch
        {
            ("AWS::S3::Bucket", "Arn") => $"{prefix}:s3:::{name}",
            ("AWS::DynamoDB::Table" or "AWS::Serverless::SimpleTable", "Arn") => $"{prefix}:dynamodb:{Region}:{AccountId}:table/{name}",
            ("AWS::DynamoDB::Table", "StreamArn") => $"{prefix}:dynamodb:{Region}:{AccountId}:table/{name}/stream/1970-01-01T00:00:00.000",
            ("AWS::Serverless::Function" or "AWS::Lambda::Function", "Arn") => $"{prefix}:lambda:{Region}:{AccountId}:function:{name}",
            ("AWS::SQS::Queue", "Arn") => $"{prefix}:sqs:{Region}:{AccountId}:{name}",
            ("AWS::SQS::Queue", "QueueName") => name,
            ("AWS::SNS::Topic", "TopicArn") => $"{prefix}:sns:{Region}:{AccountId}:{name}",
            ("AWS::Logs::LogGroup", "Arn") => $"{prefix}:logs:{Region}:{AccountId}:log-group:{name}:*",
            ("AWS::IAM::Role", "Arn") => $"{prefix}:iam::{AccountId}:role/{name}",
            ("AWS::ECS::Cluster", "Arn") => $"{prefix}:ecs:{Region}:{AccountId}:cluster/{name}",
            ("AWS::KMS::Key", "Arn") => $"{prefix}:kms:{Region}:{AccountId}:key/{name}",
            _ => throw new UnresolvableException($"!GetAtt {resource}.{attribute} ({type}) has no local value"),
        };
    }

    private string Sub(object? arg, string where)
    {
        var (format, variables) = arg switch
        {
            string s => (s, new Dictionary<string, object?>()),
            List<object?> { Count: 2 } l when l[0] is string s && l[1] is Dictionary<string, object?> v => (s, v),
            _ => throw new UnresolvableException($"Fn::Sub expects a string or [string, map], got {Describe(arg)}"),
        };

        return SubVariable().Replace(format, match =>
        {
            var name = match.Groups[1].Value.Trim();
            if (name.StartsWith('!'))
            {
                return "${" + name[1..] + "}"; // ${!Literal} is written out as ${Literal}
            }

            try
            {
                if (variables.TryGetValue(name, out var value))
                {
                    return Text(Resolve(value, where));
                }

                var dot = name.IndexOf('.', StringComparison.Ordinal);
                return dot > 0 && !name.StartsWith("AWS::", StringComparison.Ordinal)
                    ? GetAtt([name[..dot], name[(dot + 1)..]])
                    : Text(Ref(name));
            }
            catch (UnresolvableException e)
            {
                _warn($"{where}: ${{{name}}}: {e.Message}; using an empty string");
                return string.Empty;
            }
        });
    }

    private static string Join(List<object?> args) =>
        string.Join(Text(args[0]), args[1] is List<object?> items ? items.Select(Text) : throw new UnresolvableException("Fn::Join expects a list of values"));

    private static object? Select(List<object?> args)
    {
        var index = int.TryParse(Text(args[0]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : -1;
        return args[1] is List<object?> items && index >= 0 && index < items.Count
            ? items[index]
            : throw new UnresolvableException($"Fn::Select index {Text(args[0])} is outside the list");
    }

    private static List<object?> Split(List<object?> args) =>
        [.. Text(args[1]).Split(Text(args[0])).Select(s => (object?)s)];

    private object? FindInMap(List<object?> args)
    {
        var (map, first, second) = (Text(args[0]), Text(args[1]), Text(args[2]));
        return _template.Mappings.TryGetValue(map, out var m) && m is Dictionary<string, object?> level1
            && level1.TryGetValue(first, out var l2) && l2 is Dictionary<string, object?> level2
            && level2.TryGetValue(second, out var value)
            ? value
            : throw new UnresolvableException($"!FindInMap [{map}, {first}, {second}] has no entry");
    }

    private bool Bool(object? value, string where) => value switch
    {
        bool b => b,
        string s when bool.TryParse(s, out var b) => b,
        Dictionary<string, object?> map when IsIntrinsic(map) => Bool(Resolve(map, where), where),
        _ => throw new UnresolvableException($"expected a condition, got {Describe(value)}"),
    };

    /// <summary>The string form of a resolved value (lists join with commas, as CommaDelimitedList does).</summary>
    public static string Text(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        List<object?> list => string.Join(',', list.Select(Text)),
        _ => throw new UnresolvableException($"expected a value, got {Describe(value)}"),
    };

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        string s => '"' + s + '"',
        List<object?> => "a list",
        Dictionary<string, object?> map => IsIntrinsic(map) ? map.Keys.First() : "a map",
        _ => value.ToString() ?? "?",
    };

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex SubVariable();
}

internal sealed class UnresolvableException(string message) : Exception(message);
