using System.Text.Json.Serialization;
using LambdaSuite.Common;
using LambdaSuite.Remediator.Model;

namespace LambdaSuite.Remediator.Reporting;

/// <summary>
/// What the invocation did: the function's JSON response, which Lambda's async destinations carry
/// to the outcome bus (and its rules to the alarm topic). The positional fields are the original
/// response; the rest describe the alarm, the task and the invocation (<see cref="OutcomeReport"/>).
/// Absent values are omitted.
/// </summary>
internal sealed record RemediationResult(
    [property: JsonPropertyOrder(0)] string Action,
    [property: JsonPropertyOrder(1)] string Reason,
    [property: JsonPropertyOrder(6)] string? Cluster = null,
    [property: JsonPropertyOrder(7)] string? Service = null,
    [property: JsonPropertyOrder(8)] string? TaskArn = null,
    [property: JsonPropertyOrder(12)] string? LockExpiresAt = null)
{
    public const string Stopped = "stopped";
    public const string Skipped = "skipped";
    public const string Refused = "refused";
    public const string Ignored = "ignored";
    public const string DryRun = "dry-run";

    /// <summary>The fleet brake held the stop: the cluster's budget of stops was spent.</summary>
    public const string Held = "held";

    /// <summary>One readable paragraph saying what was done and why (the notification's text).</summary>
    [JsonPropertyOrder(2)]
    public string? Summary { get; init; }

    [JsonPropertyOrder(3)]
    public string? AlarmName { get; init; }

    /// <summary>When the alarm changed state (the event's time), ISO 8601 UTC.</summary>
    [JsonPropertyOrder(4)]
    public string? AlarmStateChangedAt { get; init; }

    [JsonPropertyOrder(5)]
    public string? EventId { get; init; }

    /// <summary>The chosen task's ECS health status (stopped or dry-run).</summary>
    [JsonPropertyOrder(9)]
    public string? TaskHealthStatus { get; init; }

    [JsonPropertyOrder(10)]
    public string? TaskStartedAt { get; init; }

    /// <summary>Tasks of the service running before the stop (also when the guard or the fleet brake held).</summary>
    [JsonPropertyOrder(11)]
    public int? RunningTasksBefore { get; init; }

    /// <summary>True when another invocation held the lock: a duplicate, never notified. Absent otherwise.</summary>
    [JsonPropertyOrder(13)]
    public bool? Suppressed { get; init; }

    /// <summary>True on the first alarm the fleet brake held in an engagement: the one notified. Absent otherwise.</summary>
    [JsonPropertyOrder(14)]
    public bool? FirstHeld { get; init; }

    /// <summary>The fleet budget (held): at most this many stops in the cluster per <see cref="FleetWindowSeconds"/>.</summary>
    [JsonPropertyOrder(15)]
    public int? FleetMaxStops { get; init; }

    [JsonPropertyOrder(16)]
    public int? FleetWindowSeconds { get; init; }

    /// <summary>When the first slot of the spent budget frees, as read when held (a stop still being sent moves its slot later).</summary>
    [JsonPropertyOrder(17)]
    public string? FleetBrakeReleasesAt { get; init; }

    /// <summary>The Lambda request id of this invocation (the key of its log lines).</summary>
    [JsonPropertyOrder(18)]
    public string? RequestId { get; init; }

    /// <summary>The invocation's X-Ray trace id (the Root of Lambda's tracing header), as on its log lines.</summary>
    [JsonPropertyOrder(19)]
    public string? TraceId { get; init; }

    [JsonPropertyOrder(20)]
    public string? AlarmConsoleUrl { get; init; }

    /// <summary>A Logs Insights query for this invocation's log lines.</summary>
    [JsonPropertyOrder(21)]
    public string? LogsInsightsUrl { get; init; }

    /// <summary>Held: a Logs Insights query listing every stop and every held alarm around the engagement.</summary>
    [JsonPropertyOrder(22)]
    public string? HeldAlarmsUrl { get; init; }

    /// <summary>The invocation's trace, when X-Ray sampled it (an unsampled trace is not recorded).</summary>
    [JsonPropertyOrder(23)]
    public string? TraceConsoleUrl { get; init; }

    /// <summary>Decided by a dry run (DRY_RUN=true); not part of the response, whose reason says so.</summary>
    [JsonIgnore]
    public bool IsDryRun { get; init; }

    /// <summary>Adds what the response says about the chosen task and the service before the stop.</summary>
    public RemediationResult WithTask(EcsTask task, int running)
    {
        ArgumentNullException.ThrowIfNull(task);
        return this with
        {
            TaskHealthStatus = task.HealthStatus,
            TaskStartedAt = task.StartedAt is { } started ? IsoTime.Format(started) : null,
            RunningTasksBefore = running,
        };
    }
}

/// <summary>Source-generated (trim and NativeAOT safe) JSON for the response: camelCase, absent values omitted.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RemediationResult))]
internal sealed partial class RemediatorJsonContext : JsonSerializerContext;
