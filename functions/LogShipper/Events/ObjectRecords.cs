using System.Globalization;
using System.Text;
using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.LogShipper.Model;
using static LambdaSuite.Common.JsonFields;

namespace LambdaSuite.LogShipper.Events;

/// <summary>
/// Reads the object an S3 notification record or an EventBridge "Object Created" event names, each
/// field held to the limit S3 itself sets for it. The two shapes differ only in where the object
/// sits, how its fields are spelled and whether the key is form-URL-encoded.
/// </summary>
internal static class ObjectRecords
{
    /// <summary>S3's limits: keys are at most 1,024 bytes of UTF-8, bucket names 63 characters, version ids 1,024 bytes.</summary>
    public const int MaxKeyBytes = 1024;
    public const int MaxBucketLength = 63;
    public const int MaxVersionIdLength = 1024;

    /// <summary>An ISO 8601 time is about 30 characters; the limit only keeps text of any length away from the time parser.</summary>
    public const int MaxTimeLength = 64;

    public static WorkItem FromS3Record(JsonElement record, string? messageId, string field)
    {
        var source = OptionalString(record, "eventSource", field);
        if (source != "aws:s3")
        {
            throw InvalidInputException.Invalid(Join(field, "eventSource"), source, "aws:s3");
        }

        return ObjectItem(record, S3Fields, messageId, field,
            created: () => RequiredString(record, "eventName", field).StartsWith("ObjectCreated:", StringComparison.Ordinal),
            time: () => Time(record, "eventTime", field));
    }

    public static WorkItem FromEventBridge(JsonElement root, string? messageId, string field)
        => ObjectItem(root, EventBridgeFields, messageId, field,
            created: () => OptionalString(root, "detail-type", field) == "Object Created" && OptionalString(root, "source", field) == "aws.s3",
            time: () => Time(root, "time", field));

    /// <summary>Where a shape keeps its object and how it names and encodes the object's fields.</summary>
    private sealed record ObjectFields(string Container, string ETag, string VersionId, bool KeyFormEncoded);

    /// <summary>S3 notifications form-URL-encode the key; EventBridge sends it as stored.</summary>
    private static readonly ObjectFields S3Fields = new("s3", "eTag", "versionId", KeyFormEncoded: true);

    private static readonly ObjectFields EventBridgeFields = new("detail", "etag", "version-id", KeyFormEncoded: false);

    /// <summary>
    /// The object of an S3 notification record or an EventBridge event: its key first (an event
    /// that is not ObjectCreated is ignored, naming the key), then the bucket, size, ETag, version
    /// and time of an object to copy.
    /// </summary>
    private static WorkItem ObjectItem(JsonElement parent, ObjectFields fields, string? messageId, string field, Func<bool> created, Func<DateTimeOffset?> time)
    {
        var path = Join(field, fields.Container);
        var container = RequiredObject(parent, fields.Container, field);
        var objectPath = Join(path, "object");
        var obj = RequiredObject(container, "object", path);
        var keyField = Join(objectPath, "key");
        // Form-URL-encoding at most triples the key's length; the decoded key is held to S3's own limit.
        var key = KeyWithinLimit(
            fields.KeyFormEncoded ? S3KeyDecoder.Decode(RequiredString(obj, "key", objectPath, 3 * MaxKeyBytes), keyField) : RequiredString(obj, "key", objectPath, MaxKeyBytes),
            keyField);
        if (!created())
        {
            return new Ignored(messageId, key, EventParser.ReasonNotObjectCreated);
        }

        var bucket = RequiredString(RequiredObject(container, "bucket", path), "name", Join(path, "bucket"), MaxBucketLength);
        return new CopyCandidate(messageId, new ObjectEvent(
            bucket,
            key,
            Size(obj, objectPath),
            ETag(obj, fields.ETag, objectPath),
            OptionalString(obj, fields.VersionId, objectPath, MaxVersionIdLength),
            time()));
    }

    /// <summary>
    /// S3 ETags are quoted hex (with a part count after a multipart upload); the copy sends the ETag
    /// back as its <c>x-amz-copy-source-if-match</c> header, where a control or non-ASCII character
    /// could only fail the request. Such a value is bad input, refused before any call.
    /// </summary>
    private static string? ETag(JsonElement obj, string name, string path)
    {
        var etag = OptionalString(obj, name, path);
        return etag is null || !etag.AsSpan().ContainsAnyExceptInRange(' ', '~')
            ? etag
            : throw InvalidInputException.Invalid(Join(path, name), etag, "an S3 ETag (printable ASCII, e.g. \"d41d8cd98f00b204e9800998ecf8427e\")");
    }

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
