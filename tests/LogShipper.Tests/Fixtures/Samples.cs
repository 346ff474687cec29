using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3;
using LambdaSuite.LogShipper;

namespace LogShipper.Tests.Fixtures;

/// <summary>Settings, payloads in the shapes S3, SQS and Batch Operations deliver, and S3 errors.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public const long MiB = LogShipperSettings.MiB;

    public const string KmsKey = "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    public const string RoleArn = "arn:aws:iam::111111111111:role/lambdasuite-dev-LogShipperRole-1A2B3C";

    public static LogShipperSettings Settings(Func<LogShipperSettings, LogShipperSettings>? tweak = null)
    {
        var settings = new LogShipperSettings
        {
            Enabled = true,
            SourceBucket = "lambdasuite-access-logs",
            SourcePrefix = "logs/",
            SourceBucketOwner = "111111111111",
            DestinationBucket = "customer-log-archive",
            DestinationPrefix = "env1/",
            DestinationBucketOwner = "222222222222",
            MultipartThresholdBytes = 5 * MiB,
            PartSizeBytes = 5 * MiB,
            // As SizedFor leaves it for the default 600 s Timeout.
            S3RequestTimeout = TimeSpan.FromSeconds(181),
        };
        return tweak is null ? settings : tweak(settings);
    }

    public static AmazonS3Exception S3Error(string code, HttpStatusCode status, string? message = null)
        => new(message ?? $"{code} from fake") { ErrorCode = code, StatusCode = status };

    /// <summary>One S3 notification record in the documented shape; the key is given already URL-encoded.</summary>
    public static JsonObject S3Record(string encodedKey, long? size = 1024, string? eTag = "0123456789abcdef0123456789abcdef",
        string? versionId = null, string eventName = "ObjectCreated:Put", string bucket = "lambdasuite-access-logs", string eventTime = "2026-11-22T11:59:00.000Z")
    {
        var obj = new JsonObject { ["key"] = encodedKey, ["sequencer"] = "0A1B2C3D4E5F678901" };
        if (size is not null)
        {
            obj["size"] = size;
        }

        if (eTag is not null)
        {
            obj["eTag"] = eTag;
        }

        if (versionId is not null)
        {
            obj["versionId"] = versionId;
        }

        return new JsonObject
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = "us-east-1",
            ["eventTime"] = eventTime,
            ["eventName"] = eventName,
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = "1.0",
                ["configurationId"] = "testConfigRule",
                ["bucket"] = new JsonObject { ["name"] = bucket, ["arn"] = "arn:aws:s3:::" + bucket },
                ["object"] = obj,
            },
        };
    }

    public static JsonObject S3Event(params JsonObject[] records) => new() { ["Records"] = new JsonArray([.. records]) };

    public static JsonObject SqsEvent(params (string MessageId, string Body)[] messages) => new()
    {
        ["Records"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject
        {
            ["messageId"] = m.MessageId,
            ["receiptHandle"] = "handle-" + m.MessageId,
            ["body"] = m.Body,
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = "arn:aws:sqs:us-east-1:111111111111:log-events",
            ["awsRegion"] = "us-east-1",
        })]),
    };

    /// <summary>A Batch Operations schema 1.0 task: the bucket named by its ARN.</summary>
    public static JsonObject Task1(string taskId, string encodedKey, string? versionId = null, string bucketArn = "arn:aws:s3:::lambdasuite-access-logs")
        => new() { ["taskId"] = taskId, ["s3Key"] = encodedKey, ["s3VersionId"] = versionId, ["s3BucketArn"] = bucketArn };

    /// <summary>A Batch Operations schema 2.0 task: the bucket named as such.</summary>
    public static JsonObject Task2(string taskId, string encodedKey, string bucket = "lambdasuite-access-logs")
        => new() { ["taskId"] = taskId, ["s3Key"] = encodedKey, ["s3VersionId"] = null, ["s3Bucket"] = bucket };

    public static JsonObject Batch(string version, params JsonObject[] tasks) => new()
    {
        ["invocationSchemaVersion"] = version,
        ["invocationId"] = "inv-1",
        ["job"] = version == "2.0" ? new JsonObject { ["id"] = "job-1", ["userArguments"] = new JsonObject { ["k1"] = "v1" } } : new JsonObject { ["id"] = "job-1" },
        ["tasks"] = new JsonArray([.. tasks]),
    };

    /// <summary>The (taskId, resultCode, resultString) of every result of a Batch Operations answer.</summary>
    public static List<(string TaskId, string Code, string Text)> Results(JsonElement answer)
        => [.. answer.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("taskId").GetString()!, r.GetProperty("resultCode").GetString()!, r.GetProperty("resultString").GetString()!))];

    public static Stream AsStream(JsonNode node) => new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString()));

    public static async Task<JsonElement> ReadAsync(Stream output)
    {
        using var document = await JsonDocument.ParseAsync(output);
        return document.RootElement.Clone();
    }
}
