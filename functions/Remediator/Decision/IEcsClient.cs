using LambdaSuite.Remediator.Model;

namespace LambdaSuite.Remediator.Decision;

/// <summary>
/// The ECS operations the Remediator uses. Names and shapes mirror AWSSDK.ECS's <c>IAmazonECS</c> and
/// <c>Amazon.ECS.Model</c>, so swapping our client (<c>Aws/Ecs/EcsClient</c>) for that package is a
/// change to one file. The requests and responses below are the wire's JSON 1.1 shapes.
/// </summary>
internal interface IEcsClient
{
    Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken = default);

    Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default);

    Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken = default);
}

/// <summary>ListTasks: the task ARNs of one service, one page at a time.</summary>
internal sealed class ListTasksRequest
{
    public string? Cluster { get; set; }

    public string? ServiceName { get; set; }

    /// <summary>RUNNING, PENDING or STOPPED.</summary>
    public string? DesiredStatus { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class ListTasksResponse
{
    public List<string> TaskArns { get; set; } = [];

    /// <summary>Null or empty on the last page.</summary>
    public string? NextToken { get; set; }
}

/// <summary>DescribeTasks: at most 100 tasks per call.</summary>
internal sealed class DescribeTasksRequest
{
    public string? Cluster { get; set; }

    public List<string> Tasks { get; set; } = [];
}

internal sealed class DescribeTasksResponse
{
    public List<EcsTask> Tasks { get; set; } = [];

    /// <summary>Tasks ECS could not describe (e.g. MISSING: stopped and gone since ListTasks).</summary>
    public List<Failure> Failures { get; set; } = [];
}

internal sealed class Failure
{
    public string? Arn { get; set; }

    public string? Reason { get; set; }
}

internal sealed class StopTaskRequest
{
    public string? Cluster { get; set; }

    public string? Task { get; set; }

    /// <summary>Shown on the stopped task; ECS accepts at most 255 characters.</summary>
    public string? Reason { get; set; }
}

internal sealed class StopTaskResponse
{
    /// <summary>The task as ECS holds it after the request (desired status STOPPED).</summary>
    public EcsTask? Task { get; set; }
}
