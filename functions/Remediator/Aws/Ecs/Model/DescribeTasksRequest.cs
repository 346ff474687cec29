namespace LambdaSuite.Remediator.Aws.Ecs.Model;

/// <summary>DescribeTasks: at most 100 tasks per call.</summary>
internal sealed class DescribeTasksRequest
{
    public string? Cluster { get; set; }

    public List<string> Tasks { get; set; } = [];
}
