using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LambdaSuite.TestSupport;

namespace LambdaSuite.LocalInvoke.IntegrationTests.Fixtures;

/// <summary>Runs <c>infra/local/invoke</c> as a user would and captures stdout (bytes) and stderr apart.</summary>
internal static class LocalInvokeCli
{
    public static string FixtureTemplate => RepositoryPaths.Combine("tests", "LocalInvoke.IntegrationTests", "Fixtures", "echo-template.yaml");

    public static string Script => RepositoryPaths.Combine("infra", "local", "invoke");

    /// <summary>Invokes a function of the fixture template without the local stack.</summary>
    public static Task<InvokeResult> FixtureAsync(string function, params string[] extra) =>
        RunAsync(["-t", FixtureTemplate, "--no-stack", function, .. extra]);

    public static async Task<InvokeResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        psi.ArgumentList.Add(Script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start bash");
        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10)); // a first publish may wait for others
        await process.WaitForExitAsync(timeout.Token);
        await copy;
        return new InvokeResult(process.ExitCode, stdout.ToArray(), await stderr);
    }
}

internal sealed record InvokeResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    public JsonElement Json() => JsonDocument.Parse(Stdout).RootElement.Clone();

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdoutText}\n--- stderr\n{Stderr}";
}
