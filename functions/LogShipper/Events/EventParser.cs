using System.Text.Json;
using LambdaSuite.Common;
using static LambdaSuite.Common.JsonFields;

namespace LambdaSuite.LogShipper.Events;

/// <summary>
/// Recognises the trigger shapes (S3 notification, EventBridge "Object Created", SQS carrying S3
/// notifications, S3 Batch Operations tasks) plus S3's test event and the preflight request, and
/// turns them into work items.
/// Pure: no I/O. Bad input throws <see cref="InvalidInputException"/> naming the field (values masked
/// and capped); every string is read through Common's <see cref="JsonFields"/> with the limit AWS
/// itself sets for it.
/// </summary>
internal static class EventParser
{
    public const string ReasonTestEvent = "test-event";
    public const string ReasonNotObjectCreated = "not-object-created";

    /// <summary>SQS messages are at most 1 MiB, SNS messages 256 KiB.</summary>
    public const int MaxSqsBodyLength = 1024 * 1024;
    public const int MaxSnsMessageLength = 256 * 1024;

    public static ParsedInvocation Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw InvalidInputException.Invalid("event", root.ValueKind.ToString(), "a JSON object");
        }

        // Asked by an operator or a schedule, never by S3: nothing else may look like it.
        if (Optional(root, "preflight") is { } preflight)
        {
            if (preflight.ValueKind != JsonValueKind.True)
            {
                throw InvalidInputException.Invalid("event.preflight", Shown(preflight), "true");
            }

            return root.GetPropertyCount() == 1
                ? new ParsedInvocation(TriggerShape.Preflight, [])
                : throw new InvalidInputException("event is invalid: expected a preflight request to be exactly {\"preflight\": true}, found other fields");
        }

        if (BatchTaskParser.IsBatch(root))
        {
            return BatchTaskParser.Parse(root);
        }

        if (Optional(root, "Records") is { ValueKind: JsonValueKind.Array } records
            && records.GetArrayLength() > 0 && records[0].ValueKind == JsonValueKind.Object
            && OptionalString(records[0], "eventSource", "Records[0]") == "aws:sqs")
        {
            return new ParsedInvocation(TriggerShape.Sqs, ParseSqs(records));
        }

        // Not a batch: one unreadable string anywhere makes the whole event bad input, before any work.
        JsonInput.CheckText(root, "event");
        var items = new List<WorkItem>();
        var shape = ParseBody(root, messageId: null, "event", items);
        return new ParsedInvocation(shape, items);
    }

    private static List<WorkItem> ParseSqs(JsonElement records)
    {
        var items = new List<WorkItem>();
        var index = 0;
        foreach (var record in records.EnumerateArray())
        {
            var field = $"Records[{index++}]";
            var messageId = RequiredString(record, "messageId", field);
            var source = OptionalString(record, "eventSource", field);
            if (source != "aws:sqs")
            {
                throw InvalidInputException.Invalid(Join(field, "eventSource"), source, "aws:sqs like the first record");
            }

            // One unreadable message must not fail its neighbours: it alone returns to the queue.
            var mine = new List<WorkItem>();
            try
            {
                JsonInput.CheckText(record, field);
                var body = RequiredString(record, "body", field, MaxSqsBodyLength);
                var bodyField = $"{field}.body (message {messageId})";
                using var document = ParseJson(body, bodyField);
                ParseBody(document.RootElement, messageId, bodyField, mine);
                items.AddRange(mine);
            }
            catch (InvalidInputException e)
            {
                items.Add(new Unreadable(messageId, e.Message));
            }
        }

        return items;
    }

    /// <summary>Parses a payload that is (or wraps) an S3 notification, test event or EventBridge event.</summary>
    private static TriggerShape ParseBody(JsonElement root, string? messageId, string field, List<WorkItem> items)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw InvalidInputException.Invalid(field, root.ValueKind.ToString(), "a JSON object");
        }

        if (Text(root, "Event", field) == "s3:TestEvent")
        {
            items.Add(new Ignored(messageId, string.Empty, ReasonTestEvent));
            return TriggerShape.S3TestEvent;
        }

        if (Optional(root, "detail-type", field) is not null)
        {
            items.Add(ObjectRecords.FromEventBridge(root, messageId, field));
            return TriggerShape.EventBridge;
        }

        // S3 -> SNS -> SQS: the notification is the SNS envelope's Message string.
        if (Text(root, "Type", field) == "Notification" && OptionalString(root, "Message", field, MaxSnsMessageLength) is { } message)
        {
            var messageField = Join(field, "Message");
            using var inner = ParseJson(message, messageField);
            return ParseBody(inner.RootElement, messageId, messageField, items);
        }

        if (Optional(root, "Records", field) is { ValueKind: JsonValueKind.Array } records)
        {
            var index = 0;
            foreach (var record in records.EnumerateArray())
            {
                items.Add(ObjectRecords.FromS3Record(record, messageId, $"{field}.Records[{index++}]"));
            }

            return TriggerShape.S3Notification;
        }

        throw new InvalidInputException($"{field} is invalid: expected an S3 notification (Records), an EventBridge event (detail-type) or an SQS batch");
    }

    /// <summary>
    /// JSON nested in a string (SQS body, SNS Message), read as strictly as the event itself: one
    /// value and readable text throughout. Errors name that field, not the whole event.
    /// </summary>
    public static JsonDocument ParseJson(string text, string field)
    {
        var document = JsonInput.Parse(text, field);
        try
        {
            JsonInput.CheckText(document.RootElement, field);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>Shape detection only: a field of another type just means "not this shape".</summary>
    private static string? Text(JsonElement obj, string name, string path)
        => Optional(obj, name, path) is { ValueKind: JsonValueKind.String } value ? JsonFields.Text(value, Join(path, name)) : null;
}
