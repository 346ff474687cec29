using System.Text.Json.Serialization;

// Request/response shapes of the ECS JSON 1.1 API (camelCase on the wire), named as AWSSDK.ECS
// names them. Only the members LambdaSuite reads or sends are modelled.
#pragma warning disable CA1002, CA2227 // DTOs mirror the SDK's settable List<T> properties.
namespace LambdaSuite.Common.Ecs.Model;

public sealed class ListTasksRequest
{
    public string? Cluster { get; set; }

    public string? ServiceName { get; set; }

    /// <summary>RUNNING, PENDING or STOPPED.</summary>
    public string? DesiredStatus { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class ListTasksResponse
{
    public List<string> TaskArns { get; set; } = [];

    public string? NextToken { get; set; }
}

public sealed class DescribeTasksRequest
{
    public string? Cluster { get; set; }

    public List<string> Tasks { get; set; } = [];
}

public sealed class DescribeTasksResponse
{
    public List<EcsTask> Tasks { get; set; } = [];

    public List<Failure> Failures { get; set; } = [];
}

public sealed class StopTaskRequest
{
    public string? Cluster { get; set; }

    public string? Task { get; set; }

    public string? Reason { get; set; }
}

public sealed class StopTaskResponse
{
    public EcsTask? Task { get; set; }
}

/// <summary>An ECS task (AWSSDK.ECS calls this type <c>Task</c>; renamed to avoid clashing with <see cref="System.Threading.Tasks.Task"/>).</summary>
public sealed class EcsTask
{
    public string? TaskArn { get; set; }

    public string? ClusterArn { get; set; }

    public string? TaskDefinitionArn { get; set; }

    public string? Group { get; set; }

    public string? LastStatus { get; set; }

    public string? DesiredStatus { get; set; }

    /// <summary>HEALTHY, UNHEALTHY or UNKNOWN.</summary>
    public string? HealthStatus { get; set; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? StartedAt { get; set; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? StoppingAt { get; set; }

    public string? StoppedReason { get; set; }
}

public sealed class Failure
{
    public string? Arn { get; set; }

    public string? Reason { get; set; }

    public string? Detail { get; set; }
}
#pragma warning restore CA1002, CA2227
