namespace LambdaSuite.Remediator.Aws.Ecs.Model;

internal sealed class StopTaskRequest
{
    public string? Cluster { get; set; }

    public string? Task { get; set; }

    /// <summary>Shown on the stopped task; ECS accepts at most 255 characters.</summary>
    public string? Reason { get; set; }
}
