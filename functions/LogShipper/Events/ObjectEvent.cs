namespace LambdaSuite.LogShipper.Events;

/// <summary>Which payload shape invoked us; decides whether failures throw or become batchItemFailures.</summary>
internal enum TriggerShape
{
    S3Notification,
    S3TestEvent,
    EventBridge,
    Sqs,
    BatchOperations,
}

/// <summary>One object-created event, key already decoded.</summary>
internal sealed record ObjectEvent(
    string Bucket,
    string Key,
    long? Size,
    string? ETag,
    string? VersionId,
    DateTimeOffset? EventTime);

/// <summary>One unit of work from the payload, tagged with the SQS message it came from (if any).</summary>
internal abstract record WorkItem(string? MessageId);

internal sealed record CopyCandidate(string? MessageId, ObjectEvent Object) : WorkItem(MessageId);

/// <summary>Recognised but not ours to copy (test event, delete, ...): logged and counted, never an error.</summary>
internal sealed record Ignored(string? MessageId, string SourceKey, string Reason) : WorkItem(MessageId);

/// <summary>An SQS body we cannot read; failing it sends it back to the queue and on to its DLQ.</summary>
internal sealed record Unreadable(string MessageId, string Error) : WorkItem(MessageId);

/// <summary>A Batch Operations task that cannot be acted on (bad key encoding, no bucket): answered PermanentFailure.</summary>
internal sealed record InvalidTask(string TaskId, string Error) : WorkItem((string?)null);

/// <summary>What a Batch Operations answer echoes: one task id per work item, in the order S3 sent them.</summary>
internal sealed record BatchJob(string SchemaVersion, string InvocationId, string? JobId, IReadOnlyList<string> TaskIds, IReadOnlyList<string> UserArgumentKeys);

/// <param name="Batch">Set for the Batch Operations shape only: its answer is per task, never an exception.</param>
internal sealed record ParsedInvocation(TriggerShape Shape, IReadOnlyList<WorkItem> Items, BatchJob? Batch = null);
