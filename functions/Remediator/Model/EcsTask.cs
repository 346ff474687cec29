namespace LambdaSuite.Remediator.Model;

/// <summary>
/// An ECS task with the members the victim choice reads. AWSSDK.ECS calls this type <c>Task</c>;
/// renamed so it cannot be confused with <see cref="System.Threading.Tasks.Task"/>.
/// </summary>
internal sealed class EcsTask
{
    public string? TaskArn { get; set; }

    /// <summary><c>service:&lt;name&gt;</c> for a task a service started.</summary>
    public string? Group { get; set; }

    public string? LastStatus { get; set; }

    public string? DesiredStatus { get; set; }

    /// <summary>HEALTHY, UNHEALTHY or UNKNOWN.</summary>
    public string? HealthStatus { get; set; }

    /// <summary>Epoch seconds on the wire (the ECS client's JSON context reads them).</summary>
    public DateTimeOffset? StartedAt { get; set; }
}
