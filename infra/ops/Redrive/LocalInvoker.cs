using LambdaSuite.Ops;

namespace LambdaSuite.Redrive;

/// <summary>
/// Re-invokes through infra/local/invoke (<see cref="LocalFunction"/>), which runs the function
/// synchronously. Only a successful run counts as accepted (locally nothing retries a failed
/// event), so a function error leaves the message in the queue.
/// </summary>
internal sealed class LocalInvoker(string root, string logicalId, IReadOnlyList<string> invokeArguments) : IInvoker
{
    public string? FunctionName => null;

    public async Task<(bool Accepted, string Detail)> InvokeAsync(string payload, CancellationToken cancellationToken)
    {
        // The function's logs stay on our stderr; its response is not needed.
        var (exitCode, _) = await LocalFunction.InvokeAsync(root, logicalId, payload, invokeArguments, cancellationToken);
        return exitCode == 0 ? (true, "local invoke succeeded") : (false, $"local invoke exited {exitCode}");
    }
}
