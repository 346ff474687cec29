namespace LambdaSuite.Remediator.Locking;

/// <summary>The outcome as written on the lock item and in log lines.</summary>
internal static class LockOutcomeNames
{
    public static string Name(this LockOutcome outcome) => outcome switch
    {
        LockOutcome.Stopped => "stopped",
        LockOutcome.DryRun => "dry-run",
        LockOutcome.NothingToStop => "nothing-to-stop",
        LockOutcome.StopRejected => "stop-rejected",
        LockOutcome.Held => "held",
        _ => "stop-failed",
    };

    /// <summary>FAILED when the stop failed or was rejected, COMPLETED otherwise.</summary>
    public static string Status(this LockOutcome outcome) => outcome is LockOutcome.StopFailed or LockOutcome.StopRejected ? "FAILED" : "COMPLETED";
}
