namespace LambdaSuite.LogShipper.Events;

/// <summary>Recognised but not ours to copy (test event, delete, ...): logged and counted, never an error.</summary>
internal sealed record Ignored(string? MessageId, string SourceKey, string Reason) : WorkItem(MessageId);
