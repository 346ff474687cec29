using System.Text.Json;

namespace LambdaSuite.Remediator;

/// <summary>
/// Detects and reads the three payloads that can carry an alarm state change: the EventBridge
/// "CloudWatch Alarm State Change" event, the alarm's direct Lambda action (<c>alarmData</c>) and
/// an SNS notification whose <c>Message</c> is the alarm JSON. Reads with <see cref="JsonDocument"/>
/// (no reflection) and fails with one line naming the field and value.
/// </summary>
internal static class AlarmEventParser
{
    private const string EventBridgeDetailType = "CloudWatch Alarm State Change";
    private static readonly string[] KnownStates = ["ALARM", "OK", "INSUFFICIENT_DATA"];

    public static AlarmEvent Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new InvalidAlarmEventException($"event is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidAlarmEventException($"event is a JSON {root.ValueKind}: expected an object");
            }

            if (root.TryGetProperty("Records", out var records))
            {
                return ParseSns(records);
            }

            if (root.TryGetProperty("detail-type", out var detailType))
            {
                return ParseEventBridge(root, detailType);
            }

            if (root.TryGetProperty("alarmData", out _))
            {
                return ParseAlarmAction(root);
            }

            throw new InvalidAlarmEventException(
                "event has none of \"detail-type\" (EventBridge), \"alarmData\" (alarm action) or \"Records\" (SNS): not an alarm notification");
        }
    }

    private static AlarmEvent ParseEventBridge(JsonElement root, JsonElement detailType)
    {
        var type = detailType.ValueKind == JsonValueKind.String ? detailType.GetString() : detailType.GetRawText();
        if (type != EventBridgeDetailType)
        {
            throw new InvalidAlarmEventException($"detail-type=\"{type}\" is not supported: expected \"{EventBridgeDetailType}\"");
        }

        var detail = Object(root, "detail", "detail");
        return new AlarmEvent(
            AlarmSource.EventBridge,
            RequiredString(detail, "alarmName", "detail.alarmName"),
            State(Object(detail, "state", "detail.state"), "value", "detail.state.value"),
            RequiredString(root, "id", "id"),
            MetricDimensions(detail, "detail"),
            Tags(detail, "alarmTags", "detail.alarmTags"));
    }

    private static AlarmEvent ParseAlarmAction(JsonElement root)
    {
        var source = OptionalString(root, "source", "source");
        if (source != "aws.cloudwatch")
        {
            throw new InvalidAlarmEventException($"source=\"{source}\" is not supported with alarmData: expected \"aws.cloudwatch\"");
        }

        var data = Object(root, "alarmData", "alarmData");
        var name = RequiredString(data, "alarmName", "alarmData.alarmName");
        var state = Object(data, "state", "alarmData.state");
        // The action payload has no event id; alarm ARN + state timestamp identifies one transition.
        var when = OptionalString(state, "timestamp", "alarmData.state.timestamp") ?? OptionalString(root, "time", "time") ?? "unknown-time";
        var alarm = OptionalString(root, "alarmArn", "alarmArn") ?? name;
        return new AlarmEvent(
            AlarmSource.AlarmAction,
            name,
            State(state, "value", "alarmData.state.value"),
            alarm + "@" + when,
            MetricDimensions(data, "alarmData"),
            Tags(data, "alarmTags", "alarmData.alarmTags"));
    }

    private static AlarmEvent ParseSns(JsonElement records)
    {
        // SNS delivers one record per invocation; anything else is not an SNS notification.
        if (records.ValueKind != JsonValueKind.Array || records.GetArrayLength() != 1)
        {
            var got = records.ValueKind == JsonValueKind.Array ? $"{records.GetArrayLength()} records" : $"a JSON {records.ValueKind}";
            throw new InvalidAlarmEventException($"Records has {got}: expected exactly one SNS record");
        }

        var sns = Object(records[0], "Sns", "Records[0].Sns");
        var text = RequiredString(sns, "Message", "Records[0].Sns.Message");
        JsonDocument message;
        try
        {
            message = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            throw new InvalidAlarmEventException($"Records[0].Sns.Message=\"{Shorten(text)}\" is invalid: expected a CloudWatch alarm notification (JSON)");
        }

        using (message)
        {
            var m = message.RootElement;
            if (m.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidAlarmEventException($"Records[0].Sns.Message=\"{Shorten(text)}\" is invalid: expected a JSON object");
            }

            const string P = "Records[0].Sns.Message.";
            var dimensions = new List<KeyValuePair<string, string>>();
            if (m.TryGetProperty("Trigger", out var trigger) && trigger.ValueKind == JsonValueKind.Object)
            {
                AddNameValueList(trigger, "Dimensions", P + "Trigger.Dimensions", dimensions);
                // Metric-math alarms list their metrics instead of one Dimensions list.
                if (trigger.TryGetProperty("Metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Array)
                {
                    foreach (var metric in metrics.EnumerateArray())
                    {
                        if (metric.TryGetProperty("MetricStat", out var stat) && stat.TryGetProperty("Metric", out var inner))
                        {
                            AddNameValueList(inner, "Dimensions", P + "Trigger.Metrics[].MetricStat.Metric.Dimensions", dimensions);
                        }
                    }
                }
            }

            return new AlarmEvent(
                AlarmSource.Sns,
                RequiredString(m, "AlarmName", P + "AlarmName"),
                State(m, "NewStateValue", P + "NewStateValue"),
                OptionalString(sns, "MessageId", "Records[0].Sns.MessageId") ?? "unknown-message",
                dimensions,
                Tags(m, "AlarmTags", P + "AlarmTags"));
        }
    }

    /// <summary><c>configuration.metrics[].metricStat.metric.dimensions</c> (a map) of every metric.</summary>
    private static List<KeyValuePair<string, string>> MetricDimensions(JsonElement parent, string path)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (!parent.TryGetProperty("configuration", out var configuration) || configuration.ValueKind != JsonValueKind.Object
            || !configuration.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Array)
        {
            return result; // Composite alarms have no metrics: tags or the mapping must name the service.
        }

        foreach (var metric in metrics.EnumerateArray())
        {
            if (metric.TryGetProperty("metricStat", out var stat) && stat.TryGetProperty("metric", out var inner)
                && inner.TryGetProperty("dimensions", out var dimensions))
            {
                AddStringMap(dimensions, path + ".configuration.metrics[].metricStat.metric.dimensions", result);
            }
        }

        return result;
    }

    /// <summary>Alarm tags: a map, or a list of key/value objects (accepted in case a payload uses one).</summary>
    private static Dictionary<string, string> Tags(JsonElement parent, string name, string path)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (parent.TryGetProperty(name, out var tags))
        {
            if (tags.ValueKind == JsonValueKind.Array)
            {
                AddNameValueList(parent, name, path, list);
            }
            else if (tags.ValueKind != JsonValueKind.Null)
            {
                AddStringMap(tags, path, list);
            }
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in list)
        {
            map[k] = v;
        }

        return map;
    }

    private static void AddStringMap(JsonElement map, string path, List<KeyValuePair<string, string>> into)
    {
        if (map.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidAlarmEventException($"{path}={Shorten(map.GetRawText())} is invalid: expected an object of strings");
        }

        foreach (var property in map.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidAlarmEventException($"{path}.{property.Name}={Shorten(property.Value.GetRawText())} is invalid: expected a string");
            }

            into.Add(new(property.Name, property.Value.GetString()!));
        }
    }

    /// <summary>A list of <c>{"name"|"key": ..., "value": ...}</c> objects (either capitalisation).</summary>
    private static void AddNameValueList(JsonElement parent, string name, string path, List<KeyValuePair<string, string>> into)
    {
        if (!parent.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidAlarmEventException($"{path}={Shorten(list.GetRawText())} is invalid: expected a list of name/value objects");
        }

        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var key = FirstString(item, "name", "Name", "key", "Key");
            var value = FirstString(item, "value", "Value");
            if (key is null || value is null)
            {
                throw new InvalidAlarmEventException($"{path}[{i}]={Shorten(item.GetRawText())} is invalid: expected {{\"name\": string, \"value\": string}}");
            }

            into.Add(new(key, value));
            i++;
        }
    }

    private static string? FirstString(JsonElement item, params ReadOnlySpan<string> names)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
            {
                return v.GetString();
            }
        }

        return null;
    }

    private static string State(JsonElement parent, string name, string path)
    {
        var state = RequiredString(parent, name, path);
        return Array.IndexOf(KnownStates, state) >= 0
            ? state
            : throw new InvalidAlarmEventException($"{path}=\"{Shorten(state)}\" is invalid: expected ALARM, OK or INSUFFICIENT_DATA");
    }

    private static JsonElement Object(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new InvalidAlarmEventException($"{path} is required: expected an object");
        }

        return value.ValueKind == JsonValueKind.Object
            ? value
            : throw new InvalidAlarmEventException($"{path}={Shorten(value.GetRawText())} is invalid: expected an object");
    }

    private static string RequiredString(JsonElement parent, string name, string path)
        => OptionalString(parent, name, path) is { Length: > 0 } s
            ? s
            : throw new InvalidAlarmEventException($"{path} is required: expected a non-empty string");

    private static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidAlarmEventException($"{path}={Shorten(value.GetRawText())} is invalid: expected a string");
    }

    // Keeps the one-line error short when someone sends a large blob.
    private static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= 120 ? oneLine : string.Concat(oneLine.AsSpan(0, 117), "...");
    }
}
