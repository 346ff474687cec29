using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace LambdaSuite.IntegrationTests.Template;

/// <summary>
/// Turns a CloudFormation/SAM YAML template into its JSON form, expanding the short-form
/// intrinsic tags (<c>!Ref x</c> → <c>{"Ref": "x"}</c>, <c>!Sub s</c> → <c>{"Fn::Sub": "s"}</c>, …)
/// the way CloudFormation does, so JSON tooling (schema validation) can read it.
/// </summary>
internal static class CloudFormationYaml
{
    public static JsonObject Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return (JsonObject)Convert(stream.Documents[0].RootNode)!;
    }

    public static JsonNode? Convert(YamlNode node)
    {
        JsonNode? value = node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
            YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
            YamlScalarNode scalar => Scalar(scalar),
            _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start}"),
        };

        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is null || !tag.StartsWith('!') || tag.StartsWith("!!", StringComparison.Ordinal))
        {
            return value;
        }

        var name = tag[1..];
        return name switch
        {
            "Ref" => new JsonObject { ["Ref"] = value },
            "Condition" => new JsonObject { ["Condition"] = value },
            // The short form of GetAtt is "Resource.Attribute".
            "GetAtt" when value is JsonValue v && v.TryGetValue<string>(out var s) =>
                new JsonObject { ["Fn::GetAtt"] = new JsonArray(s.Split('.', 2).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()) },
            _ => new JsonObject { ["Fn::" + name] = value },
        };
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value.StartsWith('!')))
        {
            return JsonValue.Create(text);
        }

        // YAML core schema for plain scalars: null, booleans, integers, floats; otherwise a string.
        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && text.Any(char.IsDigit) => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }
}
