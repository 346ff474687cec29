using LambdaSuite.Common.Runtime;

namespace LambdaSuite.LogShipper;

/// <summary>The bootstrap: Lambda starts this process, which creates the handler once and serves invocations until Lambda stops it.</summary>
public static class Program
{
    public static Task<int> Main() => LambdaRuntime.RunAsync(Handler.FunctionName, () => new Handler());
}
