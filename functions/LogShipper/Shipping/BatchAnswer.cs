using LambdaSuite.Common;
using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Events;

namespace LambdaSuite.LogShipper.Shipping;

/// <summary>
/// Turns per-object outcomes into Batch Operations result codes. S3 retries a TemporaryFailure
/// (throttling, 5xx, timeouts, the invocation deadline) and records a PermanentFailure in the
/// completion report; nothing that did not copy the object is ever answered Succeeded, except
/// the skips that mean "nothing to ship" (a folder marker, a version superseded by a newer write).
/// </summary>
internal static class BatchAnswer
{
    public const string Succeeded = "Succeeded";
    public const string TemporaryFailure = "TemporaryFailure";
    public const string PermanentFailure = "PermanentFailure";
    public const string InvalidTaskCategory = "InvalidTask";

    /// <summary>The completion report keeps resultString per task; a long key must not blow it up.</summary>
    public const int MaxResultLength = 300;

    private static readonly HashSet<string> Retryable = new(StringComparer.Ordinal)
    {
        ErrorClassifier.Throttled, ErrorClassifier.ServerError, ErrorClassifier.Timeout, ErrorClassifier.Network,
        ErrorClassifier.MultipartUploadLost, ErrorClassifier.Unexpected, ErrorClassifier.DeadlineExceeded,
    };

    /// <summary>Skips that are a deliberate "not shipped": the back-fill asked for something this deployment refuses.</summary>
    private static readonly HashSet<string> RefusedSkips = new(StringComparer.Ordinal)
    {
        KeyMapper.Disabled, KeyMapper.OtherBucket, KeyMapper.OutsideSourcePrefix, KeyMapper.RecursionGuard, KeyMapper.PreflightCanary,
    };

    public static BatchResponse Build(BatchJob job, IReadOnlyList<ObjectResult> results)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count != job.TaskIds.Count)
        {
            throw new InvalidOperationException($"{results.Count} results for {job.TaskIds.Count} tasks");
        }

        // Every task is answered; a task S3 finds no result for would be a bug, and must not pass as done.
        return new BatchResponse(job.SchemaVersion, PermanentFailure, job.InvocationId,
            [.. job.TaskIds.Select((taskId, i) => Result(taskId, results[i]))]);
    }

    private static BatchTaskResult Result(string taskId, ObjectResult result) => result switch
    {
        ShippedObject s => new(taskId, Succeeded, Cap($"shipped {s.Bytes} bytes to s3://{s.DestinationBucket}/{s.DestinationKey}")),
        SkippedObject s when RefusedSkips.Contains(s.Reason) => new(taskId, PermanentFailure, Cap($"not shipped: {Refusal(s.Reason)}")),
        SkippedObject s => new(taskId, Succeeded, Cap($"nothing to ship: {s.Reason}")),
        FailedObject f => new(taskId, Retryable.Contains(f.Category) ? TemporaryFailure : PermanentFailure, Cap(f.Error)),
        _ => throw new InvalidOperationException($"unknown result {result.GetType().Name}"),
    };

    private static string Refusal(string reason) => reason switch
    {
        KeyMapper.Disabled => "shipping is disabled (ShipperEnabled=false)",
        KeyMapper.OtherBucket => "the object is not in the source bucket",
        KeyMapper.OutsideSourcePrefix => "the key is outside the source prefix",
        KeyMapper.PreflightCanary => "its destination key is the preflight canary's (DestinationPrefix + preflight/canary)",
        _ => reason,
    };

    private static string Cap(string text) => TextPrefix.Capped(text, MaxResultLength);
}
