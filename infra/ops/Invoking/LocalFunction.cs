using System.Diagnostics;

namespace LambdaSuite.Ops;

/// <summary>
/// The local stack has no Lambda service: a payload goes to a function of template.yaml through
/// infra/local/invoke (on stdin), which runs it synchronously. The function's logs and Lambda's
/// START/END/REPORT lines stay on this process's stderr; its answer comes back with invoke's exit
/// code (0 success, 1 function error, 2 usage/template/build problem, 3 init error).
/// </summary>
public static class LocalFunction
{
    /// <param name="root">The repository root (infra/local/invoke and template.yaml).</param>
    /// <param name="invokeArguments">Passed on to infra/local/invoke (e.g. -n env.json, --parameter-overrides K=V).</param>
    public static async Task<(int ExitCode, string Response)> InvokeAsync(string root, string logicalId, string payload, IReadOnlyList<string> invokeArguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(invokeArguments);
        var psi = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, WorkingDirectory = root };
        psi.ArgumentList.Add(Path.Combine(root, "infra", "local", "invoke"));
        psi.ArgumentList.Add(logicalId);
        psi.ArgumentList.Add("-e");
        psi.ArgumentList.Add("-");
        foreach (var argument in invokeArguments)
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start infra/local/invoke");
        await process.StandardInput.WriteAsync(payload.AsMemory(), cancellationToken);
        process.StandardInput.Close();
        var response = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await response);
    }
}
