namespace LambdaSuite.Remediator.Aws.Ecs.Model;

internal sealed class Failure
{
    public string? Arn { get; set; }

    public string? Reason { get; set; }
}
