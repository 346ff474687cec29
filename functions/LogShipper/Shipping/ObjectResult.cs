using System.Text.Json.Serialization;

namespace LambdaSuite.LogShipper.Shipping;

/// <summary>How one work item ended: exactly one of shipped, skipped or failed, so nothing is dropped silently.</summary>
internal abstract record ObjectResult;

/// <summary>An object now at the destination (keys decoded, <c>bytes</c> as copied).</summary>
internal sealed record ShippedObject(string SourceBucket, string SourceKey, string DestinationBucket, string DestinationKey, long Bytes) : ObjectResult;

/// <summary>An object deliberately not copied, and why (a skip reason such as <c>disabled</c> or <c>superseded</c>).</summary>
internal sealed record SkippedObject(string SourceKey, string Reason) : ObjectResult;

/// <summary>An object that could not be copied: its failure <see cref="Category"/> and what happened.</summary>
internal sealed record FailedObject : ObjectResult
{
    public FailedObject(string sourceKey, string category, string detail) => (SourceKey, Category, Detail) = (sourceKey, category, detail);

    public string SourceKey { get; }

    /// <summary><c>AccessDenied</c>, <c>DeadlineExceeded</c>, ...: what alarms and retries go by; not a field of the answer's JSON.</summary>
    [JsonIgnore]
    public string Category { get; }

    [JsonIgnore]
    public string Detail { get; }

    /// <summary>The answer's <c>error</c>: "Category: detail".</summary>
    public string Error => $"{Category}: {Detail}";
}
