namespace LambdaSuite.Remediator;

/// <summary>An ECS service, named by its cluster and service names (not ARNs).</summary>
internal readonly record struct ServiceTarget(string Cluster, string Service)
{
    public override string ToString() => Cluster + "/" + Service;
}
