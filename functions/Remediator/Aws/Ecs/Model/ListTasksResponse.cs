namespace LambdaSuite.Remediator.Aws.Ecs.Model;

internal sealed class ListTasksResponse
{
    public List<string> TaskArns { get; set; } = [];

    /// <summary>Null or empty on the last page.</summary>
    public string? NextToken { get; set; }
}
