namespace LambdaSuite.LogShipper.Events;

/// <summary>What a Batch Operations answer echoes: one task id per work item, in the order S3 sent them.</summary>
internal sealed record BatchJob(string SchemaVersion, string InvocationId, string? JobId, IReadOnlyList<string> TaskIds, IReadOnlyList<string> UserArgumentKeys);
