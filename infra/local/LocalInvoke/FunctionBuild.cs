using System.Diagnostics;
using System.Xml.Linq;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// Builds a function as `sam build` does for <c>BuildMethod: makefile</c> (its CodeUri's Makefile target
/// <c>build-&lt;LogicalId&gt;</c> leaves the NativeAOT <c>bootstrap</c> in <c>artifacts/bootstrap/&lt;CodeUri
/// folder&gt;/</c>, where infra/validate/bootstrap checks it), or with <c>--jit</c> by <c>dotnet build</c>,
/// through infra/local/build-if-changed: an up-to-date publish still costs seconds of MSBuild
/// evaluation, the fingerprint of its inputs milliseconds. Functions sharing a CodeUri share one build.
/// </summary>
internal static class FunctionBuild
{
    private static readonly string[] RepositoryInputs = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "nuget.config"];

    public static Bootstrap Ensure(FunctionDefinition function, string root, string cacheRoot, bool jit, bool force)
    {
        var folder = Path.GetFileName(function.CodeDirectory);
        var output = jit ? Path.Combine(cacheRoot, "jit", folder) : Path.Combine(root, "artifacts", "bootstrap", folder);
        string[] build = jit ? JitBuild(function, output) : MakefileBuild(function, output);
        var what = $"{(jit ? "building" : "publishing")} {Path.GetRelativePath(Environment.CurrentDirectory, function.CodeDirectory)}";
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "infra", "local", "build-if-changed"), what, output, Path.Combine(cacheRoot, "build.lock"), .. Inputs(function.CodeDirectory), "--", .. build]);
        start.Environment["FORCE_BUILD"] = force ? "1" : "0";
        if (Run(start, capture: false).Exit != 0)
        {
            throw new UsageException($"building {function.LogicalId} failed (above)");
        }

        if (!jit)
        {
            return File.Exists(Path.Combine(output, "bootstrap"))
                ? new Bootstrap(Path.Combine(output, "bootstrap"), [], output)
                : throw new UsageException($"{string.Join(' ', build)} left no bootstrap in {output}");
        }

        // The same Main on the JIT: the entry assembly is the one the build gave an apphost.
        var entries = Directory.GetFiles(output, "*.runtimeconfig.json").Select(c => c[..^".runtimeconfig.json".Length]).Where(File.Exists).ToList();
        return entries is [var entry]
            ? new Bootstrap(DotnetHost(), [entry + ".dll"], output)
            : throw new UsageException($"{string.Join(' ', build)} left {entries.Count} executables in {output}; expected the function's one");
    }

    /// <summary>
    /// What a build of the CodeUri reads: its folder and, transitively, the folders of its projects'
    /// ProjectReferences, and above them the Directory.*.props/targets, global.json, nuget.config and
    /// make includes (*.mk).
    /// </summary>
    internal static SortedSet<string> Inputs(string codeDirectory)
    {
        var inputs = new SortedSet<string>(StringComparer.Ordinal) { Path.GetFullPath(codeDirectory) };
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(Directory.GetFiles(codeDirectory, "*.csproj").Select(Path.GetFullPath));
        while (pending.TryPop(out var project))
        {
            if (File.Exists(project) && visited.Add(project))
            {
                var folder = Path.GetDirectoryName(project)!;
                inputs.Add(folder);
                foreach (var include in XDocument.Load(project).Descendants("ProjectReference").Select(r => r.Attribute("Include")?.Value).OfType<string>())
                {
                    pending.Push(Path.GetFullPath(Path.Combine(folder, include.Replace('\\', '/'))));
                }
            }
        }

        for (var dir = new DirectoryInfo(codeDirectory).Parent; dir is not null; dir = dir.Parent)
        {
            inputs.UnionWith(RepositoryInputs.Select(name => Path.Combine(dir.FullName, name)).Where(File.Exists));
            inputs.UnionWith(dir.EnumerateFiles("*.mk").Select(f => f.FullName));
        }

        return inputs;
    }

    /// <summary>Runs a process to its end; with <paramref name="capture"/> its output is returned, else it goes to this tool's stderr.</summary>
    internal static (int Exit, string Stdout, string Stderr) Run(ProcessStartInfo start, bool capture = true)
    {
        start.RedirectStandardOutput = start.RedirectStandardError = capture;
        try
        {
            using var process = Process.Start(start)!;
            var (stdout, stderr) = capture ? (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync()) : (Task.FromResult(string.Empty), Task.FromResult(string.Empty));
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UsageException($"could not start {start.FileName}: {e.Message}");
        }
    }

    /// <summary>What `sam build` runs for <c>BuildMethod: makefile</c>.</summary>
    private static string[] MakefileBuild(FunctionDefinition function, string output) => function.BuildMethod == "makefile"
        ? ["make", "--no-print-directory", "-C", function.CodeDirectory, $"build-{function.LogicalId}", $"ARTIFACTS_DIR={output}"]
        : throw new UsageException($"{function.LogicalId} has no Metadata BuildMethod: makefile; local invoke builds a provided.al2023 function as sam build does, with its CodeUri's Makefile target build-{function.LogicalId}");

    private static string[] JitBuild(FunctionDefinition function, string output) => Directory.GetFiles(function.CodeDirectory, "*.csproj") is [var project]
        ? [DotnetHost(), "build", project, "-c", "Release", "-o", output, "--nologo", "-v", "q", "-clp:NoSummary"]
        : throw new UsageException($"--jit needs exactly one *.csproj in CodeUri {function.CodeDirectory}");

    /// <summary>The dotnet host running this tool, so the build uses the same SDK installation.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
}
