namespace LambdaSuite.LogShipper.Events;

/// <summary>What one invocation asks for: its trigger shape and its work items.</summary>
/// <param name="Batch">Set for the Batch Operations shape only: its answer is per task, never an exception.</param>
internal sealed record ParsedInvocation(TriggerShape Shape, IReadOnlyList<WorkItem> Items, BatchJob? Batch = null);

/// <summary>What a Batch Operations answer echoes: one task id per work item, in the order S3 sent them.</summary>
internal sealed record BatchJob(string SchemaVersion, string InvocationId, string? JobId, IReadOnlyList<string> TaskIds, IReadOnlyList<string> UserArgumentKeys);

/// <summary>Which payload shape invoked us; decides whether failures throw or become batchItemFailures.</summary>
internal enum TriggerShape
{
    S3Notification,
    S3TestEvent,
    EventBridge,
    Sqs,
    BatchOperations,

    /// <summary><c>{"preflight": true}</c>: the checklist of Preflight/, never a copy of a log object.</summary>
    Preflight,
}
