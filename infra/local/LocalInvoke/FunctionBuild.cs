using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// Builds a function the way `sam build` does for <c>BuildMethod: makefile</c>: runs the Makefile
/// target <c>build-&lt;LogicalId&gt;</c> in its CodeUri with ARTIFACTS_DIR set, which leaves the
/// NativeAOT <c>bootstrap</c> in <c>artifacts/bootstrap/&lt;CodeUri folder&gt;/</c> (where
/// infra/validate/bootstrap checks it). With <c>--jit</c> it runs <c>dotnet build</c> of the CodeUri's
/// project instead. Either happens only when the inputs changed since the last build (see
/// <see cref="Fingerprint"/>): an up-to-date publish still costs seconds of MSBuild evaluation on this
/// machine, fingerprinting a few dozen files milliseconds. Functions sharing a CodeUri share one build,
/// as in sam.
/// </summary>
internal static class FunctionBuild
{
    private static readonly string[] RepositoryInputs = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "nuget.config"];

    public static Bootstrap Ensure(FunctionDefinition function, string root, string cacheRoot, bool jit, bool force, Action<string> info)
    {
        var output = jit ? Path.Combine(cacheRoot, "jit", Path.GetFileName(function.CodeDirectory)) : Path.Combine(root, "artifacts", "bootstrap", Path.GetFileName(function.CodeDirectory));
        var command = jit ? JitBuild(function, output) : MakefileBuild(function, output);
        var stamp = output + ".stamp";
        bool Fresh(string fingerprint) => !force && File.Exists(stamp) && File.ReadAllText(stamp) == fingerprint && (jit || File.Exists(Path.Combine(output, "bootstrap")));
        if (!Fresh(Fingerprint(function.CodeDirectory)))
        {
            // One build at a time: functions share referenced projects (Common) and their obj folders.
            Directory.CreateDirectory(cacheRoot);
            using var buildLock = AcquireLock(Path.Combine(cacheRoot, "build.lock"));
            var fingerprint = Fingerprint(function.CodeDirectory); // before the build: an edit made meanwhile is seen next time
            if (!Fresh(fingerprint))
            {
                info($"{(jit ? "building" : "publishing")} {Path.GetRelativePath(Environment.CurrentDirectory, function.CodeDirectory)} (its inputs changed since the last local invoke)");
                if (Directory.Exists(output))
                {
                    Directory.Delete(output, recursive: true);
                }

                Directory.CreateDirectory(output);
                File.Delete(stamp);
                var (exit, stdout, stderr) = Run(command[0], command[1..]);
                if (exit != 0)
                {
                    // MSBuild repeats every error in its summary; once is enough.
                    Console.Error.WriteLine(string.Join('\n', (stdout + stderr).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)));
                    throw new UsageException($"{string.Join(' ', command)} failed (exit {exit}); its output is above");
                }

                File.WriteAllText(stamp, fingerprint);
            }
        }

        if (!jit)
        {
            return File.Exists(Path.Combine(output, "bootstrap"))
                ? new Bootstrap(Path.Combine(output, "bootstrap"), [], output)
                : throw new UsageException($"{string.Join(' ', command)} left no bootstrap in {output}");
        }

        // The same Main on the JIT: the entry assembly is the one the build gave an apphost.
        var entries = Directory.GetFiles(output, "*.runtimeconfig.json").Select(c => c[..^".runtimeconfig.json".Length]).Where(File.Exists).ToList();
        return entries is [var entry]
            ? new Bootstrap(DotnetHost(), [entry + ".dll"], output)
            : throw new UsageException($"{string.Join(' ', command)} left {entries.Count} executables in {output}; expected the function's one");
    }

    /// <summary>What `sam build` runs for <c>BuildMethod: makefile</c>.</summary>
    private static string[] MakefileBuild(FunctionDefinition function, string output) => function.BuildMethod == "makefile"
        ? ["make", "--no-print-directory", "-C", function.CodeDirectory, $"build-{function.LogicalId}", $"ARTIFACTS_DIR={output}"]
        : throw new UsageException($"{function.LogicalId} has no Metadata BuildMethod: makefile; local invoke builds a provided.al2023 function as sam build does, with its CodeUri's Makefile target build-{function.LogicalId}");

    private static string[] JitBuild(FunctionDefinition function, string output) => Directory.GetFiles(function.CodeDirectory, "*.csproj") is [var project]
        ? [DotnetHost(), "build", project, "-c", "Release", "-o", output, "--nologo", "-v", "q", "-clp:NoSummary"]
        : throw new UsageException($"--jit needs exactly one *.csproj in CodeUri {function.CodeDirectory}");

    /// <summary>Runs a command to its end, its output captured.</summary>
    internal static (int Exit, string Stdout, string Stderr) Run(string command, IEnumerable<string> arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UsageException($"could not start {command}: {e.Message}");
        }
    }

    /// <summary>
    /// Hash of every input file's path, size and time: the CodeUri folder, the folders of its
    /// projects' ProjectReferences (without bin/obj), and above them the Directory.*.props/targets,
    /// global.json, nuget.config and make includes (*.mk). Unlike a newest-timestamp rule it also
    /// notices deleted and renamed files and files restored with an older time (git checkout).
    /// </summary>
    internal static string Fingerprint(string codeDirectory)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var folders = ProjectFolders(Directory.GetFiles(codeDirectory, "*.csproj"));
        folders.Add(Path.GetFullPath(codeDirectory));
        foreach (var folder in folders)
        {
            AddFilesUnder(folder, files);
            for (var dir = new DirectoryInfo(folder).Parent; dir is not null; dir = dir.Parent)
            {
                files.UnionWith(RepositoryInputs.Select(name => Path.Combine(dir.FullName, name)).Where(File.Exists));
                files.UnionWith(dir.EnumerateFiles("*.mk").Select(f => f.FullName));
            }
        }

        var text = new StringBuilder();
        foreach (var file in files)
        {
            var info = new FileInfo(file);
            text.Append(file).Append('\t').Append(info.Length).Append('\t').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The projects' folders and, transitively, those of their ProjectReferences.</summary>
    private static HashSet<string> ProjectFolders(IEnumerable<string> projects)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(projects.Select(Path.GetFullPath));
        while (pending.TryPop(out var current))
        {
            if (!File.Exists(current) || !folders.Add(Path.GetDirectoryName(current)!))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")?.Value.Replace('\\', '/');
                if (!string.IsNullOrEmpty(include))
                {
                    pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include)));
                }
            }
        }

        return folders;
    }

    private static void AddFilesUnder(string folder, SortedSet<string> files)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            if (entry is not DirectoryInfo dir)
            {
                files.Add(entry.FullName);
            }
            else if (dir.Name is not ("bin" or "obj") && !dir.Name.StartsWith('.'))
            {
                AddFilesUnder(dir.FullName, files);
            }
        }
    }

    /// <summary>The dotnet host running this tool, so the build uses the same SDK installation.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }
}
