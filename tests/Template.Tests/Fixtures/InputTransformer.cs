using System.Globalization;
using System.Text.Json.Nodes;

namespace LambdaSuite.Template.Tests.Fixtures;

/// <summary>
/// What EventBridge sends to a target with an input transformer: each <c>&lt;name&gt;</c> of the
/// template replaced by the value at its <c>InputPathsMap</c> path (dot paths from <c>$</c>). As
/// EventBridge does, strings are pasted unescaped and a path missing from the event gives nothing.
/// </summary>
internal static class InputTransformer
{
    public static string Render(JsonObject inputPathsMap, string template, JsonNode @event)
    {
        ArgumentNullException.ThrowIfNull(inputPathsMap);
        ArgumentNullException.ThrowIfNull(template);
        var text = template;
        foreach (var (name, path) in inputPathsMap)
        {
            var value = Select(@event, (string)path!);
            var pasted = value switch
            {
                null => string.Empty,
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(CultureInfo.InvariantCulture),
                _ => value.ToJsonString(),
            };
            text = text.Replace($"<{name}>", pasted, StringComparison.Ordinal);
        }

        return text;
    }

    public static JsonNode? Select(JsonNode? node, string path)
    {
        if (!path.StartsWith("$.", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"input path {path}");
        }

        foreach (var part in path[2..].Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var next) ? next : null;
        }

        return node;
    }
}
