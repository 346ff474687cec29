using LambdaSuite.Common;
using LambdaSuite.Common.Logging;
using LambdaSuite.Remediator.Model;

namespace LambdaSuite.Remediator.Decision;

/// <summary>
/// The tasks of one ECS service: every ListTasks page (desired status RUNNING), then DescribeTasks
/// in batches; and StopTask of one of them.
/// </summary>
internal sealed class ServiceTasks(IEcsClient ecs, ILog log)
{
    /// <summary>ECS rejects longer StopTask reasons.</summary>
    public const int MaxStopReasonLength = 255;

    private const int MaxListPages = 100;
    private const int DescribeBatch = 100;

    /// <summary>A failed call is a <see cref="RemediationFailedException"/> naming the operation and the service.</summary>
    public async Task<List<EcsTask>> ListRunningAsync(ServiceTarget target, CancellationToken cancellationToken)
    {
        var arns = new List<string>();
        string? next = null;
        for (var page = 0; page < MaxListPages; page++)
        {
            var listed = await Step("ListTasks", target, () => ecs.ListTasksAsync(
                new ListTasksRequest { Cluster = target.Cluster, ServiceName = target.Service, DesiredStatus = "RUNNING", NextToken = next },
                cancellationToken)).ConfigureAwait(false);
            arns.AddRange(listed.TaskArns);
            next = listed.NextToken;
            if (string.IsNullOrEmpty(next))
            {
                break;
            }
        }

        var tasks = new List<EcsTask>(arns.Count);
        foreach (var batch in arns.Distinct(StringComparer.Ordinal).Chunk(DescribeBatch))
        {
            var described = await Step("DescribeTasks", target, () => ecs.DescribeTasksAsync(
                new DescribeTasksRequest { Cluster = target.Cluster, Tasks = [.. batch] },
                cancellationToken)).ConfigureAwait(false);
            tasks.AddRange(described.Tasks);
            foreach (var failure in described.Failures)
            {
                log.Warn("DescribeTasks reported a failure", ("cluster", target.Cluster), ("service", target.Service), ("arn", failure.Arn), ("failureReason", failure.Reason));
            }
        }

        return tasks;
    }

    /// <summary>StopTask with <paramref name="reason"/> shown on the task (cut to ECS's limit). Failures surface as ECS reported them.</summary>
    public Task StopAsync(ServiceTarget target, string taskArn, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var shown = TextPrefix.Capped(reason, MaxStopReasonLength, "...");
        return ecs.StopTaskAsync(new StopTaskRequest { Cluster = target.Cluster, Task = taskArn, Reason = shown }, cancellationToken);
    }

    /// <summary>
    /// Client errors that ECS returns only when it did not act. Each depends on the request alone, so
    /// an earlier attempt of the same call (retried after a timeout) would have been refused too.
    /// Throttling, 5xx, timeouts and anything unknown may hide an applied stop.
    /// </summary>
    public static bool ProvesNothingWasDone(Exception e)
        => e is AmazonEcsException { ErrorCode: "AccessDeniedException" or "InvalidParameterException" or "ClusterNotFoundException" or "ServiceNotFoundException" or "ClientException" };

    private static async Task<T> Step<T>(string operation, ServiceTarget target, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not RemediationFailedException)
        {
            throw new RemediationFailedException($"ECS {operation} for {target} failed: {e.Message}", e);
        }
    }
}
