namespace LambdaSuite.Remediator.Locking;

/// <summary>What the holder did with the lock, recorded on the item for the audit trail.</summary>
internal enum LockOutcome
{
    Stopped,
    DryRun,
    NothingToStop,
    StopFailed,

    /// <summary>ECS refused StopTask with an error that proves it did nothing (access denied, bad parameter, not found).</summary>
    StopRejected,

    /// <summary>The fleet brake held the stop: the budget of the cluster was spent.</summary>
    Held,
}
