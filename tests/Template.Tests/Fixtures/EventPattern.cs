using System.Text.Json.Nodes;

namespace LambdaSuite.Template.Tests.Fixtures;

/// <summary>
/// EventBridge's event-pattern matching, for the parts our rules use: nested fields, value lists
/// (any of), <c>prefix</c>, <c>anything-but</c> (a value or a list), <c>exists</c> and <c>$or</c>
/// (a list of patterns for the same object, one of which must match). Every pattern field must match; a field absent from the event only matches <c>exists: false</c>; an array in
/// the event matches when one of its elements does. Anything else in a pattern is refused, so a
/// test never passes on a matcher that silently ignored part of a rule.
/// </summary>
internal static class EventPattern
{
    public static bool Matches(JsonObject pattern, JsonNode? @event)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        foreach (var (field, expected) in pattern)
        {
            if (field == "$or")
            {
                if (expected is not JsonArray { Count: > 0 } alternatives || !alternatives.Any(a => a is JsonObject alternative && Matches(alternative, @event)))
                {
                    return false;
                }

                continue;
            }

            var actual = @event is JsonObject obj && obj.TryGetPropertyValue(field, out var value) ? value : null;
            var present = @event is JsonObject o && o.ContainsKey(field);
            var ok = expected switch
            {
                JsonObject nested => present && Matches(nested, actual),
                JsonArray alternatives => alternatives.Any(a => MatchesValue(a, actual, present)),
                _ => throw new NotSupportedException($"pattern field {field} must be an object or an array, not {expected?.ToJsonString()}"),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesValue(JsonNode? matcher, JsonNode? actual, bool present)
    {
        if (matcher is JsonObject { Count: 1 } rule && rule.First() is var (kind, argument))
        {
            return kind switch
            {
                "exists" => (bool)argument! == present,
                "prefix" => present && AnyScalar(actual, v => v is string s && s.StartsWith((string)argument!, StringComparison.Ordinal)),
                "anything-but" => present && AnyScalar(actual, v => !(argument is JsonArray list ? list.Any(x => Equal(x, v)) : Equal(argument, v))),
                _ => throw new NotSupportedException($"pattern matcher {kind} is not supported"),
            };
        }

        if (matcher is JsonObject or JsonArray)
        {
            throw new NotSupportedException($"pattern value {matcher.ToJsonString()} is not supported");
        }

        return present && AnyScalar(actual, v => Equal(matcher, v));
    }

    private static bool AnyScalar(JsonNode? actual, Func<object?, bool> test)
        => actual is JsonArray items ? items.Any(i => test(Scalar(i))) : test(Scalar(actual));

    private static object? Scalar(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v => v.GetValue<double>(),
        _ => node.ToJsonString(), // an object never equals a scalar matcher
    };

    private static bool Equal(JsonNode? matcher, object? value) => Equals(Scalar(matcher), value);
}
