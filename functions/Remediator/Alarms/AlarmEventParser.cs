using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.Remediator.Model;

namespace LambdaSuite.Remediator.Alarms;

/// <summary>
/// Detects and reads the three payloads that can carry an alarm state change: the EventBridge
/// "CloudWatch Alarm State Change" event, the alarm's direct Lambda action (<c>alarmData</c>) and
/// an SNS notification (<see cref="SnsAlarmParser"/>). Reads with <see cref="JsonDocument"/> (no
/// reflection) through Common's strict <see cref="JsonInput"/>: one JSON value, readable text, each
/// string within the length CloudWatch allows. Bad input is an <see cref="InvalidInputException"/>
/// naming the field, with the value masked and capped because the runtime logs the message as it is.
/// </summary>
internal static class AlarmEventParser
{
    private const string EventBridgeDetailType = "CloudWatch Alarm State Change";

    public static AlarmEvent Parse(ReadOnlySpan<byte> utf8Json)
    {
        // Trailing content or a second document is refused here, before anything can act on the first.
        using (var document = JsonInput.Parse(utf8Json, "event"))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInputException($"event is a JSON {root.ValueKind}: expected an object");
            }

            JsonInput.CheckText(root, string.Empty);

            if (root.TryGetProperty("Records", out var records))
            {
                return SnsAlarmParser.Parse(records);
            }

            if (root.TryGetProperty("detail-type", out _))
            {
                return ParseEventBridge(root);
            }

            if (root.TryGetProperty("alarmData", out _))
            {
                return ParseAlarmAction(root);
            }

            throw new InvalidInputException(
                "event has none of \"detail-type\" (EventBridge), \"alarmData\" (alarm action) or \"Records\" (SNS): not an alarm notification");
        }
    }

    private static AlarmEvent ParseEventBridge(JsonElement root)
    {
        var type = JsonFields.OptionalString(root, "detail-type");
        if (type != EventBridgeDetailType)
        {
            throw InvalidInputException.Invalid("detail-type", type, $"\"{EventBridgeDetailType}\"");
        }

        var detail = JsonFields.RequiredObject(root, "detail");
        var name = AlarmFields.Name(detail, "alarmName", "detail");
        var state = JsonFields.RequiredObject(detail, "state", "detail");
        return new AlarmEvent(
            AlarmSource.EventBridge,
            name,
            AlarmFields.State(state, "value", "detail.state"),
            AlarmFields.NonEmpty(root, "id", string.Empty),
            AlarmFields.Time((root, "time", string.Empty), (state, "timestamp", "detail.state")),
            AlarmFields.MetricDimensions(detail, "detail"),
            AlarmFields.Tags(detail, "alarmTags", "detail"));
    }

    private static AlarmEvent ParseAlarmAction(JsonElement root)
    {
        var source = JsonFields.OptionalString(root, "source");
        if (source != "aws.cloudwatch")
        {
            throw InvalidInputException.Invalid("source", source, "\"aws.cloudwatch\" with alarmData");
        }

        var data = JsonFields.RequiredObject(root, "alarmData");
        var name = AlarmFields.Name(data, "alarmName", "alarmData");
        var state = JsonFields.RequiredObject(data, "state", "alarmData");
        // The action payload has no event id; alarm ARN + state timestamp identifies one transition.
        var when = JsonFields.OptionalString(state, "timestamp", "alarmData.state", AlarmFields.MaxTimeLength)
            ?? JsonFields.OptionalString(root, "time", maxLength: AlarmFields.MaxTimeLength) ?? "unknown-time";
        var alarm = JsonFields.OptionalString(root, "alarmArn") ?? name;
        return new AlarmEvent(
            AlarmSource.AlarmAction,
            name,
            AlarmFields.State(state, "value", "alarmData.state"),
            alarm + "@" + when,
            AlarmFields.Time((root, "time", string.Empty), (state, "timestamp", "alarmData.state")),
            AlarmFields.MetricDimensions(data, "alarmData"),
            AlarmFields.Tags(data, "alarmTags", "alarmData"));
    }
}
