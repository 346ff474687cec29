namespace LambdaSuite.Remediator.Reporting;

/// <summary>
/// The function's EMF metrics (namespace METRICS_NAMESPACE, dimension FunctionName), each a Count.
/// Bad input is counted as in every function, under Common's <see cref="LambdaSuite.Common.InvalidEvents"/>.
/// </summary>
internal static class RemediatorMetrics
{
    /// <summary>A task was stopped.</summary>
    public const string Performed = "RemediationsPerformed";

    /// <summary>The lock was held: a duplicate, a concurrent invocation, or within the cooldown.</summary>
    public const string Suppressed = "RemediationsSuppressed";

    /// <summary>No service resolved, or not in the allow-list.</summary>
    public const string Refused = "RemediationsRefused";

    /// <summary>An AWS step failed, StopTask was rejected, or the deadline fired.</summary>
    public const string Failed = "RemediationsFailed";

    /// <summary>Too few tasks running; nothing stopped.</summary>
    public const string Guarded = "RemediationsGuarded";

    /// <summary>A dry run chose a task.</summary>
    public const string DryRuns = "RemediationsDryRun";

    /// <summary>An ALARM event older than MAX_EVENT_AGE_SECONDS was ignored.</summary>
    public const string StaleEvents = "StaleEvents";

    /// <summary>The lock or a fleet budget slot was taken over from an IN_PROGRESS holder whose invocation had ended before StopTask.</summary>
    public const string Takeovers = "LockTakeovers";

    /// <summary>The fleet brake held an alarm: the cluster's budget of stops was spent, nothing stopped.</summary>
    public const string FleetBrakeEngaged = "FleetBrakeEngaged";
}
