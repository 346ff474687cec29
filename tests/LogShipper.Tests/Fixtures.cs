using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.LogShipper;
using LambdaSuite.TestSupport;

namespace LogShipper.Tests;

internal static class Fixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static ShipperSettings Settings(Func<ShipperSettings, ShipperSettings>? tweak = null)
    {
        var settings = new ShipperSettings
        {
            Enabled = true,
            SourceBucket = "lambdasuite-access-logs",
            SourcePrefix = "logs/",
            SourceBucketOwner = "111111111111",
            DestinationBucket = "customer-log-archive",
            DestinationPrefix = "env1/",
            DestinationBucketOwner = "222222222222",
            MultipartThresholdBytes = 5 * ShipperSettings.MiB,
            PartSizeBytes = 5 * ShipperSettings.MiB,
            // As SizedFor leaves it for the default 600 s Timeout.
            S3RequestTimeout = TimeSpan.FromSeconds(181),
        };
        return tweak is null ? settings : tweak(settings);
    }

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

    public static Stream AsStream(JsonNode node) => new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString()));

    public static async Task<JsonElement> ReadAsync(Stream output)
    {
        using var document = await JsonDocument.ParseAsync(output);
        return document.RootElement.Clone();
    }

    public sealed class Harness
    {
        public Harness(ShipperSettings? settings = null)
        {
            Settings = settings ?? Fixtures.Settings();
            Log = new JsonLog(Sink, "LogShipper", LogLevel.Debug);
            Metrics = new EmfMetrics(Sink, "LambdaSuite", "LogShipper");
        }

        public ShipperSettings Settings { get; }
        public FakeObjectStore Store { get; } = new();
        public MemorySink Sink { get; } = new();
        public JsonLog Log { get; }
        public EmfMetrics Metrics { get; }

        /// <summary>Time left before Lambda's deadline when an invocation starts.</summary>
        public TimeSpan Remaining { get; init; } = TimeSpan.FromSeconds(600);

        public Handler Handler => new(Settings, Store, Log, Metrics, new FixedTime(Now));

        public Task<Stream> HandleAsync(Stream input) => Handler.HandleAsync(input, TestInvocation.Context(new FixedTime(Now), Remaining));

        public async Task<JsonElement> InvokeAsync(JsonNode payload) => await ReadAsync(await HandleAsync(AsStream(payload)));
    }
}
