using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaSuite.LogShipper;

/// <summary>The function's JSON answer. Keys are decoded. BatchItemFailures only for the SQS shape.</summary>
internal sealed class ShipmentResponse
{
    public List<ShippedObject> Shipped { get; init; } = [];

    public List<SkippedObject> Skipped { get; init; } = [];

    public List<FailedObject> Failed { get; init; } = [];

    /// <summary>SQS partial batch response: only these messages return to the queue.</summary>
    public List<BatchItemFailure>? BatchItemFailures { get; set; }
}

internal sealed record ShippedObject(string SourceBucket, string SourceKey, string DestinationBucket, string DestinationKey, long Bytes);

internal sealed record SkippedObject(string SourceKey, string Reason);

internal sealed record FailedObject(string SourceKey, string Error);

internal sealed record BatchItemFailure(string ItemIdentifier);

/// <summary>
/// Only <see cref="Relaxed"/> is used: the options live there, once (the generated Default instance
/// would escape '+' and non-ASCII, and source-generation attributes cannot set an encoder).
/// </summary>
[JsonSerializable(typeof(ShipmentResponse))]
[JsonSerializable(typeof(BatchResponse))]
internal sealed partial class LogShipperJsonContext : JsonSerializerContext
{
    /// <summary>Keys as people read them ("a+b", "café"): the answer is JSON for machines and logs, never HTML.</summary>
    public static LogShipperJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
