namespace LambdaSuite.Remediator.Aws.Ecs;

/// <summary>Where to send ECS calls and which region to sign them for.</summary>
internal sealed record EcsEndpoint(Uri ServiceUrl, string Region);
