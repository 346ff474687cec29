using System.Globalization;
using System.Text.Json;
using LambdaSuite.Common;

namespace LambdaSuite.Remediator.Alarms;

/// <summary>Alarm-specific field rules shared by the payload parsers, on top of Common's <see cref="JsonFields"/>.</summary>
internal static class AlarmFields
{
    /// <summary>CloudWatch's own limits: alarm names 255 characters, dimension names 255 and values 1,024, tag keys 128 and values 256.</summary>
    public const int MaxAlarmNameLength = 255;
    public const int MaxDimensionNameLength = 255;
    public const int MaxDimensionValueLength = 1024;
    public const int MaxTagKeyLength = 128;
    public const int MaxTagValueLength = 256;

    /// <summary>An ISO 8601 time is about 30 characters; the limit only keeps text of any length away from the time parser.</summary>
    public const int MaxTimeLength = 64;

    private static readonly string[] KnownStates = ["ALARM", "OK", "INSUFFICIENT_DATA"];

    // CloudWatch writes "+0000" (no colon); EventBridge writes "Z"; both with and without fractions.
    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public static string NonEmpty(JsonElement obj, string name, string path, int maxLength = JsonFields.DefaultMaxLength)
    {
        var value = JsonFields.RequiredString(obj, name, path, maxLength);
        return value.Length > 0 ? value : throw InvalidInputException.Invalid(JsonFields.Join(path, name), value, "a non-empty string");
    }

    /// <summary>The alarm's name: 1 to 255 characters, as CloudWatch allows.</summary>
    public static string Name(JsonElement obj, string name, string path) => NonEmpty(obj, name, path, MaxAlarmNameLength);

    public static string State(JsonElement obj, string name, string path)
    {
        var state = JsonFields.RequiredString(obj, name, path);
        return Array.IndexOf(KnownStates, state) >= 0
            ? state
            : throw InvalidInputException.Invalid(JsonFields.Join(path, name), state, "ALARM, OK or INSUFFICIENT_DATA");
    }

    /// <summary>The first of the candidate fields that is present, as a time; none present is an error naming the first.</summary>
    public static DateTimeOffset Time(params ReadOnlySpan<(JsonElement Obj, string Name, string Path)> candidates)
    {
        foreach (var (obj, name, path) in candidates)
        {
            if (JsonFields.OptionalString(obj, name, path, MaxTimeLength) is { } text)
            {
                return DateTimeOffset.TryParseExact(NormaliseOffset(text), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                    ? time
                    : throw InvalidInputException.Invalid(JsonFields.Join(path, name), text, "an ISO 8601 time, e.g. 2026-11-22T10:15:00.123+0000");
            }
        }

        throw InvalidInputException.Missing(JsonFields.Join(candidates[0].Path, candidates[0].Name));
    }

    /// <summary><c>configuration.metrics[].metricStat.metric.dimensions</c> (a map) of every metric.</summary>
    public static List<KeyValuePair<string, string>> MetricDimensions(JsonElement parent, string path)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (!parent.TryGetProperty("configuration", out var configuration) || configuration.ValueKind != JsonValueKind.Object
            || !configuration.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Array)
        {
            return result; // Composite alarms have no metrics: tags or the mapping must name the service.
        }

        foreach (var metric in metrics.EnumerateArray())
        {
            if (metric.ValueKind == JsonValueKind.Object && metric.TryGetProperty("metricStat", out var stat) && stat.ValueKind == JsonValueKind.Object
                && stat.TryGetProperty("metric", out var inner) && inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("dimensions", out var dimensions))
            {
                AddStringMap(dimensions, path + ".configuration.metrics[].metricStat.metric.dimensions", result, MaxDimensionNameLength, MaxDimensionValueLength);
            }
        }

        return result;
    }

    /// <summary>Alarm tags: a map, or a list of key/value objects (accepted in case a payload uses one).</summary>
    public static Dictionary<string, string> Tags(JsonElement parent, string name, string path)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (parent.TryGetProperty(name, out var tags))
        {
            if (tags.ValueKind == JsonValueKind.Array)
            {
                AddNameValueList(parent, name, path, list, MaxTagKeyLength, MaxTagValueLength);
            }
            else if (tags.ValueKind != JsonValueKind.Null)
            {
                AddStringMap(tags, JsonFields.Join(path, name), list, MaxTagKeyLength, MaxTagValueLength);
            }
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in list)
        {
            map[k] = v;
        }

        return map;
    }

    /// <summary>A list of <c>{"name"|"key": ..., "value": ...}</c> objects (either capitalisation) under <paramref name="name"/>; dimensions unless the limits say otherwise.</summary>
    public static void AddNameValueList(JsonElement parent, string name, string path, List<KeyValuePair<string, string>> into,
        int maxName = MaxDimensionNameLength, int maxValue = MaxDimensionValueLength)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            // The list's holder may itself be absent (null) in a payload; anything else is not one.
            if (parent.ValueKind == JsonValueKind.Null)
            {
                return;
            }

            throw InvalidInputException.Invalid(path, JsonFields.Shown(parent), "an object");
        }

        var field = JsonFields.Join(path, name);
        if (!parent.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw InvalidInputException.Invalid(field, JsonFields.Shown(list), "a list of name/value objects");
        }

        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var itemField = $"{field}[{i}]";
            var key = FirstString(item, itemField, maxName, "name", "Name", "key", "Key");
            var value = FirstString(item, itemField, maxValue, "value", "Value");
            if (key is null || value is null)
            {
                throw InvalidInputException.Invalid(itemField, JsonFields.Shown(item), "{\"name\": string, \"value\": string}");
            }

            into.Add(new(key, value));
            i++;
        }
    }

    private static void AddStringMap(JsonElement map, string field, List<KeyValuePair<string, string>> into, int maxName, int maxValue)
    {
        if (map.ValueKind != JsonValueKind.Object)
        {
            throw InvalidInputException.Invalid(field, JsonFields.Shown(map), "an object of strings");
        }

        foreach (var property in map.EnumerateObject())
        {
            var name = JsonFields.PropertyName(property, field);
            if (name.Length > maxName)
            {
                throw new InvalidInputException($"{field} has a name {InvalidInputException.Quote(name)} that is invalid: expected at most {maxName} characters (got {name.Length})");
            }

            into.Add(new(name, JsonFields.RequiredString(map, name, field, maxValue)));
        }
    }

    private static string? FirstString(JsonElement item, string field, int maxLength, params ReadOnlySpan<string> names)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
            {
                return JsonFields.Text(v, JsonFields.Join(field, name), maxLength);
            }
        }

        return null;
    }

    /// <summary>
    /// "…+0000" → "…+00:00", the form .NET's offset specifiers read. Spaces are dropped first: AWS's
    /// own published alarm-action example writes "12: 36: 15.490+0000".
    /// </summary>
    private static string NormaliseOffset(string raw)
    {
        var text = raw.Replace(" ", string.Empty, StringComparison.Ordinal);
        return text.Length > 5 && (text[^5] == '+' || text[^5] == '-') && text.AsSpan(text.Length - 4).ContainsAnyExceptInRange('0', '9') is false
            ? string.Concat(text.AsSpan(0, text.Length - 2), ":", text.AsSpan(text.Length - 2))
            : text;
    }
}
