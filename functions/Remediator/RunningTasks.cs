using LambdaSuite.Remediator.Aws.Ecs;
using LambdaSuite.Remediator.Aws.Ecs.Model;
using LambdaSuite.Common.Logging;

namespace LambdaSuite.Remediator;

/// <summary>The tasks ECS runs for a service: every ListTasks page (RUNNING), then DescribeTasks in batches.</summary>
internal sealed class RunningTasks(IEcsClient ecs, ILog log)
{
    private const int MaxListPages = 100;
    private const int DescribeBatch = 100;

    public async Task<List<EcsTask>> ListAsync(ServiceTarget target, CancellationToken cancellationToken)
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
