namespace LambdaSuite.LogShipper.Model;

/// <summary>One object-created event, key already decoded.</summary>
internal sealed record ObjectEvent(
    string Bucket,
    string Key,
    long? Size,
    string? ETag,
    string? VersionId,
    DateTimeOffset? EventTime);
