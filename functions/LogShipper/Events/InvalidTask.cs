namespace LambdaSuite.LogShipper.Events;

/// <summary>A Batch Operations task that cannot be acted on (bad key encoding, no bucket): answered PermanentFailure.</summary>
internal sealed record InvalidTask(string TaskId, string Error) : WorkItem((string?)null);
