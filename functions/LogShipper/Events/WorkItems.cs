using LambdaSuite.LogShipper.Model;

namespace LambdaSuite.LogShipper.Events;

/// <summary>One unit of work from the payload, tagged with the SQS message it came from (if any).</summary>
internal abstract record WorkItem(string? MessageId);

/// <summary>An object-created event to copy, unless a skip rule says otherwise.</summary>
internal sealed record CopyCandidate(string? MessageId, ObjectEvent Object) : WorkItem(MessageId);

/// <summary>Recognised but not ours to copy (test event, delete, ...): logged and counted, never an error.</summary>
internal sealed record Ignored(string? MessageId, string SourceKey, string Reason) : WorkItem(MessageId);

/// <summary>An SQS body we cannot read; failing it sends it back to the queue and on to its DLQ.</summary>
internal sealed record Unreadable(string MessageId, string Error) : WorkItem(MessageId);

/// <summary>A Batch Operations task that cannot be acted on (bad key encoding, no bucket): answered PermanentFailure.</summary>
internal sealed record InvalidTask(string TaskId, string Error) : WorkItem((string?)null);
