using System.Diagnostics;

namespace LambdaSuite.Redrive;

/// <summary>
/// The local stack has no Lambda service: the payload goes through infra/local/invoke, which runs
/// the function synchronously. Only a successful run counts as accepted (locally nothing retries
/// a failed event), so a function error leaves the message in the queue.
/// </summary>
internal sealed class LocalInvoker(string root, string logicalId, IReadOnlyList<string> invokeArguments) : IInvoker
{
    public string? FunctionName => null;

    public async Task<(bool Accepted, string Detail)> InvokeAsync(string payload, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, WorkingDirectory = root };
        psi.ArgumentList.Add(Path.Combine(root, "infra", "local", "invoke"));
        psi.ArgumentList.Add(logicalId);
        psi.ArgumentList.Add("-e");
        psi.ArgumentList.Add("-");
        foreach (var argument in invokeArguments)
        {
            psi.ArgumentList.Add(argument);
        }

        // The function's logs stay on our stderr (inherited); its response is not needed.
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start infra/local/invoke");
        await process.StandardInput.WriteAsync(payload.AsMemory(), cancellationToken);
        process.StandardInput.Close();
        var response = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await response;
        return process.ExitCode == 0 ? (true, "local invoke succeeded") : (false, $"local invoke exited {process.ExitCode}");
    }
}
