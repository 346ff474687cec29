using System.Text.Json.Serialization;

namespace LambdaSuite.Remediator.Reporting;

/// <summary>Source-generated (trim and NativeAOT safe) JSON for the response: camelCase, absent values omitted.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RemediationResult))]
internal sealed partial class RemediatorJsonContext : JsonSerializerContext;
