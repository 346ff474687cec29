using YamlDotNet.RepresentationModel;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// Loads a CloudFormation/SAM YAML template into plain objects: <see cref="Dictionary{TKey,TValue}"/>
/// (string keys), <see cref="List{T}"/> and <see cref="string"/> scalars. Short-form intrinsic tags
/// (<c>!Ref</c>, <c>!Sub</c>, ...) become their long form (<c>{"Ref": ...}</c>, <c>{"Fn::Sub": ...}</c>)
/// so one resolver handles both spellings.
/// </summary>
/// <remarks>
/// The representation model keeps a node's tag without interpreting it, so any tag loads; the
/// object deserializer would reject tags it has no mapping for.
/// </remarks>
internal static class CfnYaml
{
    public static Dictionary<string, object?> Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0 || Convert(stream.Documents[0].RootNode) is not Dictionary<string, object?> root)
        {
            throw new InvalidDataException("the template is not a YAML mapping");
        }

        return root;
    }

    private static object? Convert(YamlNode node)
    {
        object? value = node switch
        {
            YamlScalarNode scalar => scalar.Value ?? string.Empty,
            YamlSequenceNode sequence => sequence.Children.Select(Convert).ToList(),
            YamlMappingNode mapping => ConvertMapping(mapping),
            _ => null,
        };

        return node.Tag.IsEmpty || node.Tag.IsNonSpecific ? value : ApplyTag(node.Tag.Value, value);
    }

    private static Dictionary<string, object?> ConvertMapping(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            result[key is YamlScalarNode s ? s.Value ?? string.Empty : key.ToString()] = Convert(value);
        }

        return result;
    }

    private static object? ApplyTag(string tag, object? value)
    {
        if (!tag.StartsWith('!') || tag.StartsWith("!!", StringComparison.Ordinal))
        {
            return value; // a standard YAML tag such as !!str: the value already is a string
        }

        var name = tag[1..];
        return name switch
        {
            "Ref" or "Condition" => Intrinsic(name, value),
            // The short form of GetAtt is "Resource.Attribute"; the attribute may itself contain dots.
            "GetAtt" when value is string dotted => Intrinsic("Fn::GetAtt", SplitGetAtt(dotted)),
            _ => Intrinsic("Fn::" + name, value),
        };
    }

    private static List<object?> SplitGetAtt(string dotted)
    {
        var dot = dotted.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? [dotted, string.Empty] : [dotted[..dot], dotted[(dot + 1)..]];
    }

    private static Dictionary<string, object?> Intrinsic(string key, object? value) =>
        new(StringComparer.Ordinal) { [key] = value };
}
