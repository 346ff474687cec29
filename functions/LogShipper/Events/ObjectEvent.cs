namespace LambdaSuite.LogShipper.Events;

/// <summary>Which payload shape invoked us; decides whether failures throw or become batchItemFailures.</summary>
internal enum TriggerShape
{
    S3Notification,
    S3TestEvent,
    EventBridge,
    Sqs,
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

internal sealed record ParsedInvocation(TriggerShape Shape, IReadOnlyList<WorkItem> Items);
