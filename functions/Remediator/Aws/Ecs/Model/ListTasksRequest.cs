namespace LambdaSuite.Remediator.Aws.Ecs.Model;

/// <summary>ListTasks: the task ARNs of one service, one page at a time.</summary>
internal sealed class ListTasksRequest
{
    public string? Cluster { get; set; }

    public string? ServiceName { get; set; }

    /// <summary>RUNNING, PENDING or STOPPED.</summary>
    public string? DesiredStatus { get; set; }

    public string? NextToken { get; set; }
}
