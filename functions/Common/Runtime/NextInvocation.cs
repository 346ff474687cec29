namespace LambdaSuite.Common.Runtime;

/// <summary>One event from <c>GET /runtime/invocation/next</c>: the headers as sent, and the payload.</summary>
public sealed record NextInvocation(string? RequestId, string? DeadlineMs, string? InvokedFunctionArn, string? TraceId, byte[] Payload);
