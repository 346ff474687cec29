namespace LambdaSuite.Remediator.Aws.Ecs.Model;

internal sealed class StopTaskResponse
{
    /// <summary>The task as ECS holds it after the request (desired status STOPPED).</summary>
    public EcsTask? Task { get; set; }
}
