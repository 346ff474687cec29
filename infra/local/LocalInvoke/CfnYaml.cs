using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// Reads a CloudFormation/SAM YAML template (or any YAML file) as the JSON CloudFormation makes of it,
/// so one resolver and JSON tooling (schema validation) read it alike. Short-form intrinsic tags become
/// their long form: <c>!Ref x</c> → <c>{"Ref": "x"}</c>, <c>!Sub s</c> → <c>{"Fn::Sub": "s"}</c>,
/// <c>!GetAtt A.B.C</c> → <c>{"Fn::GetAtt": ["A", "B.C"]}</c> (split at the first dot, as the AWS CLI
/// does; without a dot the list keeps one item and the reader reports it). Plain scalars follow the
/// YAML core schema (null, booleans, numbers, kept as written); quoted or tagged scalars stay strings.
/// </summary>
/// <remarks>The representation model keeps tags uninterpreted, so any tag loads.</remarks>
internal static partial class CfnYaml
{
    public static JsonObject LoadFile(string path) => Load(File.ReadAllText(path));

    public static JsonObject Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count > 0 && Convert(stream.Documents[0].RootNode) is JsonObject root
            ? root
            : throw new InvalidDataException("the document is not a YAML mapping");
    }

    private static JsonNode? Convert(YamlNode node)
    {
        JsonNode? value = node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create((kv.Key as YamlScalarNode)?.Value ?? kv.Key.ToString(), Convert(kv.Value)))),
            YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
            YamlScalarNode scalar => Scalar(scalar),
            _ => null,
        };
        var tag = node.Tag.IsEmpty ? string.Empty : node.Tag.Value;
        if (!tag.StartsWith('!') || tag.StartsWith("!!", StringComparison.Ordinal))
        {
            return value; // no tag, or a standard one such as !!str
        }

        return tag[1..] switch
        {
            "Ref" or "Condition" => new JsonObject { [tag[1..]] = value },
            "GetAtt" when value is JsonValue v && v.TryGetValue<string>(out var dotted) =>
                new JsonObject { ["Fn::GetAtt"] = new JsonArray([.. dotted.Split('.', 2).Select(part => (JsonNode?)part)]) },
            var name => new JsonObject { ["Fn::" + name] = value },
        };
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            // A JSON number keeps its text ("1.10", not 1.1); leading zeros (an account id) make it a string.
            _ when JsonNumber().IsMatch(text) => (JsonValue)JsonNode.Parse(text)!,
            _ => JsonValue.Create(text),
        };
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
