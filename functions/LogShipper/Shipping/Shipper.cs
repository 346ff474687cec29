using LambdaSuite.Common;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Events;

namespace LambdaSuite.LogShipper.Shipping;

/// <summary>
/// Runs one invocation's work items: skip rules, concurrent copies (bounded by COPY_CONCURRENCY),
/// then one aggregated answer with logs and EMF metrics. Every item ends in exactly one of
/// shipped / skipped / failed, so nothing is dropped silently.
/// </summary>
internal sealed class Shipper(LogShipperSettings settings, IObjectStore store, ILog log, IMetrics metrics, TimeProvider time)
{
    public const string Superseded = "superseded";

    /// <summary>The category of an SQS message that cannot be read.</summary>
    public const string InvalidMessage = "InvalidMessage";

    private readonly ObjectCopier _copier = new(store, settings, log, time);

    /// <param name="deadline">
    /// Fires shortly before the function's timeout: copies in flight are cancelled (multipart
    /// uploads aborted) and items not started yet fail as <see cref="ErrorClassifier.DeadlineExceeded"/>, so the
    /// event or SQS message is retried instead of being cut off without an answer.
    /// </param>
    public async Task<ShipmentResponse> ShipAsync(ParsedInvocation invocation, CancellationToken deadline)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return Summarize(invocation, await RunAsync(invocation.Items, deadline));
    }

    /// <summary>
    /// A Batch Operations invocation: the same work, answered per task in the order S3 sent them.
    /// Failures become result codes (S3 retries TemporaryFailure itself), never an exception.
    /// </summary>
    public async Task<BatchResponse> ShipBatchAsync(ParsedInvocation invocation, BatchJob job, CancellationToken deadline)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(job);
        var results = await RunAsync(invocation.Items, deadline);
        Summarize(invocation, results);
        var answer = BatchAnswer.Build(job, results);
        log.Info("batch answered", ("jobId", job.JobId), ("invocationId", job.InvocationId), ("schema", job.SchemaVersion), ("tasks", answer.Results.Count),
            ("succeeded", answer.Results.Count(r => r.ResultCode == BatchAnswer.Succeeded)),
            ("temporaryFailures", answer.Results.Count(r => r.ResultCode == BatchAnswer.TemporaryFailure)),
            ("permanentFailures", answer.Results.Count(r => r.ResultCode == BatchAnswer.PermanentFailure)),
            // Accepted and not used (the destination is configuration); the names show what a job sent.
            ("userArguments", InvalidInputException.Quote(string.Join(",", job.UserArgumentKeys))));
        return answer;
    }

    /// <summary>One result per item, in item order.</summary>
    private async Task<ObjectResult[]> RunAsync(IReadOnlyList<WorkItem> items, CancellationToken deadline)
    {
        var results = new ObjectResult[items.Count];
        // No token here on purpose: every item must still produce its result after the deadline.
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.CopyConcurrency };
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), options, async (i, _) => results[i] = await ProcessAsync(items[i], deadline));
        return results;
    }

    private ShipmentResponse Summarize(ParsedInvocation invocation, ObjectResult[] results)
    {
        var items = invocation.Items;
        var response = new ShipmentResponse();
        var failedMessages = new List<string>();
        for (var i = 0; i < results.Length; i++)
        {
            switch (results[i])
            {
                case ShippedObject shipped:
                    response.Shipped.Add(shipped);
                    break;
                case SkippedObject skipped:
                    response.Skipped.Add(skipped);
                    break;
                case FailedObject failed:
                    response.Failed.Add(failed);
                    if (items[i].MessageId is { } id && !failedMessages.Contains(id))
                    {
                        failedMessages.Add(id);
                    }

                    break;
            }
        }

        if (invocation.Shape == TriggerShape.Sqs)
        {
            response.BatchItemFailures = [.. failedMessages.Select(id => new BatchItemFailure(id))];
        }

        metrics.Add(LogShipperMetrics.ObjectsShipped, response.Shipped.Count, MetricUnit.Count);
        metrics.Add(LogShipperMetrics.ObjectsSkipped, response.Skipped.Count, MetricUnit.Count);
        metrics.Add(LogShipperMetrics.ObjectsFailed, response.Failed.Count, MetricUnit.Count);
        if (invocation.Shape is TriggerShape.Sqs or TriggerShape.BatchOperations)
        {
            // Answered per item, so the invocation succeeds and Lambda's Errors never sees these
            // failures; their own metric is what LogShipperBatchFailuresAlarm reads.
            metrics.Add(LogShipperMetrics.BatchObjectsFailed, response.Failed.Count, MetricUnit.Count);
        }

        metrics.Add(LogShipperMetrics.BytesShipped, response.Shipped.Sum(s => s.Bytes), MetricUnit.Bytes);
        metrics.Add(InvalidEvents.Metric, items.Count(i => i is Unreadable or InvalidTask), MetricUnit.Count);
        log.Info("invocation done", ("trigger", invocation.Shape.ToString()), ("shipped", response.Shipped.Count),
            ("skipped", response.Skipped.Count), ("failed", response.Failed.Count), ("batchItemFailures", failedMessages.Count));
        return response;
    }

    private async Task<ObjectResult> ProcessAsync(WorkItem item, CancellationToken deadline)
    {
        switch (item)
        {
            case Ignored ignored:
                log.Info("object ignored", ("reason", ignored.Reason), ("sourceKey", ignored.SourceKey), ("messageId", ignored.MessageId));
                return new SkippedObject(ignored.SourceKey, ignored.Reason);
            case Unreadable unreadable:
                log.Error("message unreadable", null, ("category", InvalidMessage), ("messageId", unreadable.MessageId), ("detail", unreadable.Error));
                return new FailedObject(string.Empty, InvalidMessage, unreadable.Error);
            case InvalidTask invalid:
                log.Error("task invalid", null, ("category", BatchAnswer.InvalidTaskCategory), ("taskId", invalid.TaskId), ("detail", invalid.Error));
                return new FailedObject(string.Empty, BatchAnswer.InvalidTaskCategory, invalid.Error);
            case CopyCandidate candidate:
                return await CopyAsync(candidate, deadline);
            default:
                throw new InvalidOperationException($"unknown work item {item.GetType().Name}");
        }
    }

    private async Task<ObjectResult> CopyAsync(CopyCandidate candidate, CancellationToken deadline)
    {
        var source = candidate.Object;
        if (KeyMapper.SkipReason(settings, source) is { } reason)
        {
            log.Info("object skipped", ("reason", reason), ("sourceBucket", source.Bucket), ("sourceKey", source.Key), ("messageId", candidate.MessageId));
            return new SkippedObject(source.Key, reason);
        }

        var destinationKey = KeyMapper.DestinationKey(settings, source.Key);
        var properties = new (string, object?)[]
        {
            ("sourceBucket", source.Bucket), ("sourceKey", source.Key), ("versionId", source.VersionId),
            ("destinationBucket", settings.DestinationBucket), ("destinationKey", destinationKey), ("messageId", candidate.MessageId),
        };
        if (deadline.IsCancellationRequested)
        {
            const string detail = "not started before the invocation deadline; the retry ships it";
            log.Error("object failed", null, [.. properties, ("category", ErrorClassifier.DeadlineExceeded), ("detail", detail)]);
            return new FailedObject(source.Key, ErrorClassifier.DeadlineExceeded, detail);
        }

        var started = time.GetTimestamp();
        var outcome = await _copier.CopyAsync(source, destinationKey, deadline);
        switch (outcome.Status)
        {
            case CopyStatus.Shipped:
                // Back-fill tasks (S3 Batch Operations) carry no event time: the old objects they ship on
                // purpose stay out of the lag, and so out of the ship-lag objective.
                if (source.EventTime is { } eventTime)
                {
                    metrics.Add(LogShipperMetrics.ObjectAgeSeconds, Math.Max(0, (time.GetUtcNow() - eventTime).TotalSeconds), MetricUnit.Seconds);
                }

                log.Info("object shipped", [.. properties, ("bytes", outcome.Bytes), ("durationMs", (long)time.GetElapsedTime(started).TotalMilliseconds)]);
                return new ShippedObject(source.Bucket, source.Key, settings.DestinationBucket, destinationKey, outcome.Bytes);
            case CopyStatus.Superseded:
                // A newer write replaced the object; its own event ships it.
                log.Info("object skipped", [.. properties, ("reason", Superseded)]);
                return new SkippedObject(source.Key, Superseded);
            default:
                log.Error("object failed", outcome.Exception, [.. properties, ("category", outcome.Category), ("detail", outcome.Detail)]);
                return new FailedObject(source.Key, outcome.Category!, outcome.Detail!);
        }
    }
}
