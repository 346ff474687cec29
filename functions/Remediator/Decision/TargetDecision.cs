namespace LambdaSuite.Remediator.Decision;

/// <summary>The service an alarm names, or why none may be acted on.</summary>
/// <param name="Requested">What the alarm named (reported even when refused); null when it named nothing.</param>
internal readonly record struct TargetDecision(ServiceTarget? Requested, bool Allowed, string Reason);
