using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Events;

namespace LambdaSuite.LogShipper;

/// <summary>
/// Runs one invocation's work items: skip rules, concurrent copies (bounded by COPY_CONCURRENCY),
/// then one aggregated answer with logs and EMF metrics. Every item ends in exactly one of
/// shipped / skipped / failed, so nothing is dropped silently.
/// </summary>
internal sealed class Shipper(ShipperSettings settings, IObjectStore store, ILog log, IMetrics metrics, TimeProvider time)
{
    public const string Superseded = "superseded";

    private readonly ObjectCopier _copier = new(store, settings, log);

    public async Task<ShipmentResponse> ShipAsync(ParsedInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var items = invocation.Items;
        var results = new object[items.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.CopyConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), options, async (i, ct) => results[i] = await ProcessAsync(items[i], ct));

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

        metrics.Add("ObjectsShipped", response.Shipped.Count, MetricUnit.Count);
        metrics.Add("ObjectsSkipped", response.Skipped.Count, MetricUnit.Count);
        metrics.Add("ObjectsFailed", response.Failed.Count, MetricUnit.Count);
        metrics.Add("BytesShipped", response.Shipped.Sum(s => s.Bytes), MetricUnit.Bytes);
        log.Info("invocation done", ("trigger", invocation.Shape.ToString()), ("shipped", response.Shipped.Count),
            ("skipped", response.Skipped.Count), ("failed", response.Failed.Count), ("batchItemFailures", failedMessages.Count));
        return response;
    }

    private async Task<object> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        switch (item)
        {
            case Ignored ignored:
                log.Info("object ignored", ("reason", ignored.Reason), ("sourceKey", ignored.SourceKey), ("messageId", ignored.MessageId));
                return new SkippedObject(ignored.SourceKey, ignored.Reason);
            case Unreadable unreadable:
                log.Error("message unreadable", null, ("category", "InvalidMessage"), ("messageId", unreadable.MessageId), ("detail", unreadable.Error));
                return new FailedObject(string.Empty, $"InvalidMessage: {unreadable.Error}");
            case CopyCandidate candidate:
                return await CopyAsync(candidate, cancellationToken);
            default:
                throw new InvalidOperationException($"unknown work item {item.GetType().Name}");
        }
    }

    private async Task<object> CopyAsync(CopyCandidate candidate, CancellationToken cancellationToken)
    {
        var source = candidate.Object;
        if (KeyMapper.SkipReason(settings, source) is { } reason)
        {
            log.Info("object skipped", ("reason", reason), ("sourceBucket", source.Bucket), ("sourceKey", source.Key), ("messageId", candidate.MessageId));
            return new SkippedObject(source.Key, reason);
        }

        var destinationKey = KeyMapper.DestinationKey(settings, source.Key);
        var started = time.GetTimestamp();
        var outcome = await _copier.CopyAsync(source, destinationKey, cancellationToken);
        var properties = new (string, object?)[]
        {
            ("sourceBucket", source.Bucket), ("sourceKey", source.Key), ("versionId", source.VersionId),
            ("destinationBucket", settings.DestinationBucket), ("destinationKey", destinationKey), ("messageId", candidate.MessageId),
        };
        switch (outcome.Kind)
        {
            case OutcomeKind.Shipped:
                if (source.EventTime is { } eventTime)
                {
                    metrics.Add("ObjectAgeSeconds", Math.Max(0, (time.GetUtcNow() - eventTime).TotalSeconds), MetricUnit.Seconds);
                }

                log.Info("object shipped", [.. properties, ("bytes", outcome.Bytes), ("durationMs", (long)time.GetElapsedTime(started).TotalMilliseconds)]);
                return new ShippedObject(source.Bucket, source.Key, settings.DestinationBucket, destinationKey, outcome.Bytes);
            case OutcomeKind.Superseded:
                // A newer write replaced the object; its own event ships it.
                log.Info("object skipped", [.. properties, ("reason", Superseded)]);
                return new SkippedObject(source.Key, Superseded);
            default:
                log.Error("object failed", outcome.Exception, [.. properties, ("category", outcome.Category), ("detail", outcome.Detail)]);
                return new FailedObject(source.Key, $"{outcome.Category}: {outcome.Detail}");
        }
    }
}
