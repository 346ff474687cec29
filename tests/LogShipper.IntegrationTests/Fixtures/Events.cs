using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LogShipper.IntegrationTests.Fixtures;

/// <summary>Payloads in the shapes S3, EventBridge and SQS deliver.</summary>
internal static class Events
{
    public static JsonObject S3Record(string bucket, string key, long? size, string? eTag) => new()
    {
        ["eventVersion"] = "2.1",
        ["eventSource"] = "aws:s3",
        ["awsRegion"] = "us-east-1",
        ["eventTime"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["eventName"] = "ObjectCreated:Put",
        ["s3"] = new JsonObject
        {
            ["s3SchemaVersion"] = "1.0",
            ["bucket"] = new JsonObject { ["name"] = bucket },
            ["object"] = new JsonObject { ["key"] = Local.S3Encode(key), ["size"] = size, ["eTag"] = eTag, ["sequencer"] = "0055AED6DCD90281E5" },
        },
    };

    public static JsonObject S3(params JsonObject[] records) => new() { ["Records"] = new JsonArray([.. records]) };

    public static JsonObject EventBridge(string bucket, string key, long size, string eTag) => new()
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "Object Created",
        ["source"] = "aws.s3",
        ["account"] = "111111111111",
        ["time"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        ["region"] = "us-east-1",
        ["detail"] = new JsonObject
        {
            ["version"] = "0",
            ["bucket"] = new JsonObject { ["name"] = bucket },
            ["object"] = new JsonObject { ["key"] = key, ["size"] = size, ["etag"] = eTag },
            ["reason"] = "PutObject",
        },
    };

    public static JsonObject Sqs(params (string MessageId, JsonNode Body)[] messages) => new()
    {
        ["Records"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject
        {
            ["messageId"] = m.MessageId,
            ["receiptHandle"] = "h-" + m.MessageId,
            ["body"] = m.Body.ToJsonString(),
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = "arn:aws:sqs:us-east-1:111111111111:log-events",
        })]),
    };

    public static Stream AsStream(JsonNode node) => new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString()));

    public static async Task<JsonElement> ReadAsync(Stream output)
    {
        using var document = await JsonDocument.ParseAsync(output);
        return document.RootElement.Clone();
    }
}
