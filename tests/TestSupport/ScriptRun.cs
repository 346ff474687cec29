using System.Diagnostics;

namespace LambdaSuite.TestSupport;

/// <summary>Runs one of the repository's scripts (infra/local/invoke, infra/ops/redrive) as a user would, stdout and stderr apart.</summary>
public static class ScriptRun
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string script, IEnumerable<string> args, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        psi.ArgumentList.Add(script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A first NativeAOT publish of a function may wait behind the others.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A file of <paramref name="content"/> in the temp folder, for a script's file argument (an event, env.json).</summary>
    public static string TempFile(string content, string extension = ".json")
    {
        var path = Path.Combine(Path.GetTempPath(), $"lambdasuite-invoke-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>
    /// <paramref name="stderr"/> without infra/local/build-if-changed's progress line ("…: building the tool
    /// (its inputs changed since the last build)"): it comes on a first run only, whichever test runs first.
    /// </summary>
    public static string WithoutBuildProgress(string stderr)
        => string.Join('\n', stderr.Split('\n').Where(l => !l.EndsWith("(its inputs changed since the last build)", StringComparison.Ordinal)));
}
