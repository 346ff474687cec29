namespace LambdaSuite.Redrive;

/// <summary>What a failure-queue message asks to re-send, and to which function it belonged.</summary>
internal sealed record FailureRecord(string Payload, string? FunctionName, string Description);
