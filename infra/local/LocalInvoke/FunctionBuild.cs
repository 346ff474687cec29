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
        var name = Path.GetFileName(function.CodeDirectory);
        var output = jit ? Path.Combine(cacheRoot, "jit", name) : Path.Combine(root, "artifacts", "bootstrap", name);
        if (!jit && function.BuildMethod != "makefile")
        {
            throw new UsageException($"{function.LogicalId} has no Metadata BuildMethod: makefile; local invoke builds a provided.al2023 function as sam build does, with its CodeUri's Makefile target build-{function.LogicalId}");
        }

        var stamp = output + ".stamp";
        bool Fresh(string fingerprint) => !force && File.Exists(stamp) && File.ReadAllText(stamp) == fingerprint
            && (jit || File.Exists(Path.Combine(output, "bootstrap")));
        if (!Fresh(Fingerprint(function.CodeDirectory)))
        {
            // One build at a time: functions share referenced projects (Common) and their obj folders.
            Directory.CreateDirectory(cacheRoot);
            using var buildLock = AcquireLock(Path.Combine(cacheRoot, "build.lock"));
            // Taken before the build: an edit made while it runs changes the fingerprint again.
            var fingerprint = Fingerprint(function.CodeDirectory);
            if (!Fresh(fingerprint))
            {
                info($"{(jit ? "building" : "publishing")} {Path.GetRelativePath(Environment.CurrentDirectory, function.CodeDirectory)} (its inputs changed since the last local invoke)");
                if (Directory.Exists(output))
                {
                    File.Delete(stamp);
                    Directory.Delete(output, recursive: true);
                }

                Directory.CreateDirectory(output);
                if (jit)
                {
                    Run(DotnetHost(), ["build", Project(function.CodeDirectory), "-c", "Release", "-o", output, "--nologo", "-v", "q", "-clp:NoSummary"]);
                }
                else
                {
                    Run("make", ["--no-print-directory", "-C", function.CodeDirectory, $"build-{function.LogicalId}", $"ARTIFACTS_DIR={output}"]);
                }

                File.WriteAllText(stamp, fingerprint);
            }
        }

        return jit ? JitCommand(output) : AotCommand(output, function);
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

    private static Bootstrap AotCommand(string output, FunctionDefinition function)
    {
        var bootstrap = Path.Combine(output, "bootstrap");
        return File.Exists(bootstrap)
            ? new Bootstrap(bootstrap, [], output)
            : throw new UsageException($"make build-{function.LogicalId} left no {bootstrap}; a provided.al2023 function's build must leave an executable named bootstrap in ARTIFACTS_DIR");
    }

    /// <summary>The same Main under the JIT: the entry assembly is the one the build gave an apphost.</summary>
    private static Bootstrap JitCommand(string output)
    {
        var entries = Directory.GetFiles(output, "*.runtimeconfig.json")
            .Select(config => config[..^".runtimeconfig.json".Length])
            .Where(File.Exists)
            .ToList();
        return entries.Count == 1
            ? new Bootstrap(DotnetHost(), [entries[0] + ".dll"], output)
            : throw new UsageException($"dotnet build left {entries.Count} executables in {output}; expected the function's one");
    }

    private static string Project(string codeDirectory)
    {
        var projects = Directory.GetFiles(codeDirectory, "*.csproj");
        return projects.Length == 1
            ? projects[0]
            : throw new UsageException($"CodeUri {codeDirectory} must hold exactly one *.csproj for --jit (found {projects.Length})");
    }

    private static void Run(string command, string[] arguments)
    {
        var psi = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UsageException($"could not start {command}: {e.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                // MSBuild repeats every error in its summary; once is enough.
                var lines = (stdout.Result + stderr.Result).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                Console.Error.WriteLine(string.Join('\n', lines.Distinct(StringComparer.Ordinal)));
                throw new UsageException($"{command} {string.Join(' ', arguments)} failed (exit {process.ExitCode}); its output is above");
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
