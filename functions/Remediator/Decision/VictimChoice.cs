using LambdaSuite.Remediator.Aws.Ecs.Model;

namespace LambdaSuite.Remediator.Decision;

/// <summary>The task to stop (null when none may be), how many were running, and why.</summary>
internal readonly record struct VictimChoice(EcsTask? Task, int Running, string Reason);
