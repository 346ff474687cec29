namespace LambdaSuite.LocalInvoke;

/// <summary>
/// How one invocation ended. Body: the response, or Lambda's error JSON. Milliseconds from handing
/// out the event, and from spawning the process (the cold start, for a first event). PlatformLine:
/// what Lambda itself logs about a timeout or a runtime that exited.
/// </summary>
internal sealed record InvocationResult(string RequestId, InvocationEnd End, byte[] Body, double DurationMs, double SinceSpawnMs, int MaxMemoryMb, string? PlatformLine);

/// <summary>How a local invocation ended: answered (a response or a function error), timed out, or its process exited.</summary>
internal enum InvocationEnd { Success, Error, Timeout, Exited }
