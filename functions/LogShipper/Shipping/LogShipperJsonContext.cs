using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaSuite.LogShipper.Shipping;

/// <summary>
/// Only <see cref="Relaxed"/> is used: the options live there, once (the generated Default instance
/// would escape '+' and non-ASCII, and source-generation attributes cannot set an encoder).
/// </summary>
[JsonSerializable(typeof(ShipmentResponse))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(Preflight.PreflightAnswer))]
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
