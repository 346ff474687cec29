using LambdaSuite.Common.Invocation;
using LambdaSuite.Common.Runtime;

namespace LambdaSuite.TestSupport;

/// <summary>Invocation contexts as the Runtime API would describe them, on the test's clock.</summary>
public static class TestInvocation
{
    public const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:test";

    /// <summary>An invocation whose deadline is <paramref name="remaining"/> (default 30 s) after <paramref name="time"/>'s now.</summary>
    public static InvocationContext Context(TimeProvider? time = null, TimeSpan? remaining = null, string requestId = "11111111-2222-3333-4444-555555555555", bool coldStart = false, string? traceId = null)
        => new(requestId, (time ?? TimeProvider.System).GetUtcNow() + (remaining ?? TimeSpan.FromSeconds(30)), FunctionArn, traceId, coldStart);
}
