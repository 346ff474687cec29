namespace LambdaSuite.LogShipper.Events;

/// <summary>An SQS body we cannot read; failing it sends it back to the queue and on to its DLQ.</summary>
internal sealed record Unreadable(string MessageId, string Error) : WorkItem(MessageId);
