using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.Remediator.Model;

namespace LambdaSuite.Remediator.Alarms;

/// <summary>
/// An SNS-wrapped CloudWatch alarm notification: one record whose <c>Sns.Message</c> is the alarm
/// JSON as a string (<c>AlarmName</c>, <c>NewStateValue</c>, <c>StateChangeTime</c>, and
/// <c>Trigger.Dimensions</c> as a list of lower-case <c>{name, value}</c>).
/// </summary>
internal static class SnsAlarmParser
{
    /// <summary>SNS messages are at most 256 KiB.</summary>
    public const int MaxMessageLength = 256 * 1024;

    private const string Sns = "Records[0].Sns";
    private const string Message = "Records[0].Sns.Message";

    public static AlarmEvent Parse(JsonElement records)
    {
        // SNS delivers one record per invocation; anything else is not an SNS notification.
        if (records.ValueKind != JsonValueKind.Array || records.GetArrayLength() != 1)
        {
            var got = records.ValueKind == JsonValueKind.Array ? $"{records.GetArrayLength()} records" : $"a JSON {records.ValueKind}";
            throw new InvalidInputException($"Records has {got}: expected exactly one SNS record");
        }

        var sns = JsonFields.RequiredObject(records[0], "Sns", "Records[0]");
        var text = JsonFields.RequiredString(sns, "Message", Sns, MaxMessageLength);
        using (var message = JsonInput.Parse(text, Message))
        {
            var m = message.RootElement;
            if (m.ValueKind != JsonValueKind.Object)
            {
                throw InvalidInputException.Invalid(Message, text, "a JSON object");
            }

            JsonInput.CheckText(m, Message);
            return new AlarmEvent(
                AlarmSource.Sns,
                AlarmFields.Name(m, "AlarmName", Message),
                AlarmFields.State(m, "NewStateValue", Message),
                JsonFields.OptionalString(sns, "MessageId", Sns) ?? "unknown-message",
                AlarmFields.Time((m, "StateChangeTime", Message), (sns, "Timestamp", Sns)),
                Dimensions(m),
                AlarmFields.Tags(m, "AlarmTags", Message));
        }
    }

    private static List<KeyValuePair<string, string>> Dimensions(JsonElement message)
    {
        var dimensions = new List<KeyValuePair<string, string>>();
        if (JsonFields.OptionalObject(message, "Trigger", Message) is not { } trigger)
        {
            return dimensions;
        }

        const string Trigger = Message + ".Trigger";
        AlarmFields.AddNameValueList(trigger, "Dimensions", Trigger, dimensions);
        // Metric-math alarms list their metrics instead of one Dimensions list.
        if (trigger.TryGetProperty("Metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Array)
        {
            foreach (var metric in metrics.EnumerateArray())
            {
                if (metric.ValueKind == JsonValueKind.Object && metric.TryGetProperty("MetricStat", out var stat)
                    && stat.ValueKind == JsonValueKind.Object && stat.TryGetProperty("Metric", out var inner))
                {
                    AddNameValues(inner, dimensions);
                }
            }
        }

        return dimensions;
    }

    private static void AddNameValues(JsonElement metric, List<KeyValuePair<string, string>> into)
        => AlarmFields.AddNameValueList(metric, "Dimensions", Message + ".Trigger.Metrics[].MetricStat.Metric", into);
}
