namespace LambdaSuite.Remediator.Aws.Ecs.Model;

internal sealed class DescribeTasksResponse
{
    public List<EcsTask> Tasks { get; set; } = [];

    /// <summary>Tasks ECS could not describe (e.g. MISSING: stopped and gone since ListTasks).</summary>
    public List<Failure> Failures { get; set; } = [];
}
