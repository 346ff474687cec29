using System.Text.Json.Serialization;

namespace LambdaSuite.Remediator;

/// <summary>What the invocation did; the function's JSON response.</summary>
internal sealed record RemediationResult(
    string Action,
    string Reason,
    string? Cluster = null,
    string? Service = null,
    string? TaskArn = null,
    string? LockExpiresAt = null)
{
    public const string Stopped = "stopped";
    public const string Skipped = "skipped";
    public const string Refused = "refused";
    public const string Ignored = "ignored";
    public const string DryRun = "dry-run";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RemediationResult))]
internal sealed partial class RemediatorJsonContext : JsonSerializerContext;
