using System.Globalization;
using System.Text;
using System.Text.Json;
using LambdaSuite.Common;
using static LambdaSuite.Common.JsonFields;

namespace LambdaSuite.LogShipper.Events;

/// <summary>
/// Recognises the trigger shapes (S3 notification, EventBridge "Object Created", SQS carrying S3
/// notifications, S3 Batch Operations tasks) plus S3's test event, and turns them into work items.
/// Pure: no I/O. Bad input throws <see cref="InvalidInputException"/> naming the field (values masked
/// and capped); every string is read through Common's <see cref="JsonFields"/> with the limit AWS
/// itself sets for it.
/// </summary>
internal static class EventParser
{
    public const string ReasonTestEvent = "test-event";
    public const string ReasonNotObjectCreated = "not-object-created";

    /// <summary>S3's limits: keys are at most 1,024 bytes of UTF-8, bucket names 63 characters, version ids 1,024 bytes.</summary>
    public const int MaxKeyBytes = 1024;
    public const int MaxBucketLength = 63;
    public const int MaxVersionIdLength = 1024;

    /// <summary>SQS messages are at most 1 MiB, SNS messages 256 KiB.</summary>
    public const int MaxSqsBodyLength = 1024 * 1024;
    public const int MaxSnsMessageLength = 256 * 1024;

    /// <summary>An ISO 8601 time is about 30 characters; the limit only keeps text of any length away from the time parser.</summary>
    public const int MaxTimeLength = 64;

    public static ParsedInvocation Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw InvalidInputException.Invalid("event", root.ValueKind.ToString(), "a JSON object");
        }

        if (BatchTaskParser.IsBatch(root))
        {
            return BatchTaskParser.Parse(root);
        }

        if (root.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array
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

        if (root.TryGetProperty("detail-type", out _))
        {
            items.Add(ParseEventBridge(root, messageId, field));
            return TriggerShape.EventBridge;
        }

        // S3 -> SNS -> SQS: the notification is the SNS envelope's Message string.
        if (Text(root, "Type", field) == "Notification" && OptionalString(root, "Message", field, MaxSnsMessageLength) is { } message)
        {
            var messageField = Join(field, "Message");
            using var inner = ParseJson(message, messageField);
            return ParseBody(inner.RootElement, messageId, messageField, items);
        }

        if (root.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var record in records.EnumerateArray())
            {
                items.Add(ParseS3Record(record, messageId, $"{field}.Records[{index++}]"));
            }

            return TriggerShape.S3Notification;
        }

        throw new InvalidInputException($"{field} is invalid: expected an S3 notification (Records), an EventBridge event (detail-type) or an SQS batch");
    }

    private static WorkItem ParseS3Record(JsonElement record, string? messageId, string field)
    {
        var source = OptionalString(record, "eventSource", field);
        if (source != "aws:s3")
        {
            throw InvalidInputException.Invalid(Join(field, "eventSource"), source, "aws:s3");
        }

        var s3 = RequiredObject(record, "s3", field);
        var obj = RequiredObject(s3, "object", field + ".s3");
        // Form-URL-encoding at most triples the key's length; the decoded key is held to S3's own limit.
        var keyField = field + ".s3.object.key";
        var key = KeyWithinLimit(S3KeyDecoder.Decode(RequiredString(obj, "key", field + ".s3.object", 3 * MaxKeyBytes), keyField), keyField);
        var eventName = RequiredString(record, "eventName", field);
        if (!eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal))
        {
            return new Ignored(messageId, key, ReasonNotObjectCreated);
        }

        var bucket = RequiredString(RequiredObject(s3, "bucket", field + ".s3"), "name", field + ".s3.bucket", MaxBucketLength);
        return new CopyCandidate(messageId, new ObjectEvent(
            bucket,
            key,
            Size(obj, field + ".s3.object"),
            OptionalString(obj, "eTag", field + ".s3.object"),
            OptionalString(obj, "versionId", field + ".s3.object", MaxVersionIdLength),
            Time(record, "eventTime", field)));
    }

    private static WorkItem ParseEventBridge(JsonElement root, string? messageId, string field)
    {
        var detail = RequiredObject(root, "detail", field);
        var obj = RequiredObject(detail, "object", field + ".detail");
        // EventBridge sends the key as stored: no URL decoding here.
        var key = KeyWithinLimit(RequiredString(obj, "key", field + ".detail.object", MaxKeyBytes), field + ".detail.object.key");
        if (OptionalString(root, "detail-type", field) != "Object Created" || OptionalString(root, "source", field) != "aws.s3")
        {
            return new Ignored(messageId, key, ReasonNotObjectCreated);
        }

        var bucket = RequiredString(RequiredObject(detail, "bucket", field + ".detail"), "name", field + ".detail.bucket", MaxBucketLength);
        return new CopyCandidate(messageId, new ObjectEvent(
            bucket,
            key,
            Size(obj, field + ".detail.object"),
            OptionalString(obj, "etag", field + ".detail.object"),
            OptionalString(obj, "version-id", field + ".detail.object", MaxVersionIdLength),
            Time(root, "time", field)));
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
        => obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? JsonFields.Text(value, Join(path, name)) : null;

    internal static string KeyWithinLimit(string key, string field)
        => Encoding.UTF8.GetByteCount(key) is var bytes && bytes <= MaxKeyBytes ? key : throw TooLong(field, key, MaxKeyBytes, "bytes of UTF-8", bytes);

    private static long? Size(JsonElement obj, string path)
        => OptionalInt64(obj, "size", path) is { } size
            ? size >= 0 ? size : throw InvalidInputException.Invalid(Join(path, "size"), size.ToString(CultureInfo.InvariantCulture), "a byte count")
            : null;

    private static DateTimeOffset? Time(JsonElement obj, string name, string path)
    {
        var text = OptionalString(obj, name, path, MaxTimeLength);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw InvalidInputException.Invalid(Join(path, name), text, "an ISO-8601 time");
    }
}
