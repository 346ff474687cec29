using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.LogShipper.Model;
using static LambdaSuite.Common.JsonFields;

namespace LambdaSuite.LogShipper.Events;

/// <summary>
/// S3 Batch Operations "Invoke AWS Lambda function" payloads (back-fills), both invocation schemas:
/// 1.0 names each task's bucket by <c>s3BucketArn</c>; 2.0 by <c>s3Bucket</c> and adds
/// <c>job.userArguments</c>. Keys arrive URL-encoded as in the manifest and are form-decoded exactly
/// once, like notification keys. A task that cannot be read becomes an <see cref="InvalidTask"/>
/// (its neighbours still run); only an envelope without which no answer can be built throws.
/// </summary>
internal static class BatchTaskParser
{
    public const string Schema1 = "1.0";
    public const string Schema2 = "2.0";

    /// <summary>"arn:aws-us-gov:s3:::" plus a 63-character bucket, with room for a Region and account.</summary>
    private const int MaxArnLength = 128;

    public static bool IsBatch(JsonElement root) => Optional(root, "invocationSchemaVersion") is not null;

    public static ParsedInvocation Parse(JsonElement root)
    {
        var version = RequiredString(root, "invocationSchemaVersion");
        if (version is not (Schema1 or Schema2))
        {
            throw InvalidInputException.Invalid("invocationSchemaVersion", version, "1.0 or 2.0");
        }

        var invocationId = RequiredString(root, "invocationId");
        var job = RequiredObject(root, "job");
        var userArguments = OptionalObject(job, "userArguments", "job");
        var tasks = RequiredArray(root, "tasks");

        var taskIds = new List<string>();
        var items = new List<WorkItem>();
        var index = 0;
        foreach (var task in tasks.EnumerateArray())
        {
            var field = $"tasks[{index++}]";
            // Without its id a task cannot be answered at all; S3 always sends one.
            var taskId = RequiredString(task, "taskId", field);
            taskIds.Add(taskId);
            try
            {
                items.Add(new CopyCandidate(null, Object(task, version, field)));
            }
            catch (InvalidInputException e)
            {
                items.Add(new InvalidTask(taskId, e.Message));
            }
        }

        var argumentKeys = userArguments is { } args ? args.EnumerateObject().Select(p => PropertyName(p, "job.userArguments")).ToList() : [];
        return new ParsedInvocation(TriggerShape.BatchOperations, items,
            new BatchJob(version, invocationId, OptionalString(job, "id", "job"), taskIds, argumentKeys));
    }

    private static ObjectEvent Object(JsonElement task, string version, string field)
    {
        var bucket = version == Schema1
            ? BucketFromArn(RequiredString(task, "s3BucketArn", field, MaxArnLength), Join(field, "s3BucketArn"))
            : RequiredString(task, "s3Bucket", field, ObjectRecords.MaxBucketLength);
        // Encoded, a key may take up to three characters per byte; decoded, S3's byte limit applies.
        var keyField = Join(field, "s3Key");
        var key = ObjectRecords.KeyWithinLimit(S3KeyDecoder.Decode(RequiredString(task, "s3Key", field, 3 * ObjectRecords.MaxKeyBytes), keyField), keyField);
        if (key.Length == 0)
        {
            throw InvalidInputException.Invalid(Join(field, "s3Key"), key, "an object key");
        }

        // No size and no ETag in a task: the copier HEADs the object (pinned to the version when given).
        return new ObjectEvent(bucket, key, Size: null, ETag: null, OptionalString(task, "s3VersionId", field, ObjectRecords.MaxVersionIdLength), EventTime: null);
    }

    /// <summary>
    /// "arn:aws:s3:::bucket"; AWS's own sample events also show "arn:aws:s3:region:account:bucket",
    /// so the bucket is whatever follows the last ':'.
    /// </summary>
    private static string BucketFromArn(string arn, string field)
    {
        var bucket = arn.StartsWith("arn:", StringComparison.Ordinal) && arn.Contains(":s3:", StringComparison.Ordinal) ? arn[(arn.LastIndexOf(':') + 1)..] : string.Empty;
        return bucket.Length > 0 && !bucket.Contains('/', StringComparison.Ordinal)
            ? bucket
            : throw InvalidInputException.Invalid(field, arn, "an S3 bucket ARN (arn:aws:s3:::bucket)");
    }
}
