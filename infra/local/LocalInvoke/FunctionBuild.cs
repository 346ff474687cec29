using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// Publishes a function's project to its NativeAOT <c>bootstrap</c> (as its Makefile does for
/// `sam build`), or with <c>--jit</c> builds it for the JIT, into a cache folder; only when its
/// inputs changed since the last build (see <see cref="Fingerprint"/>). An up-to-date publish still
/// costs seconds of MSBuild evaluation on this machine; fingerprinting a few dozen files costs
/// milliseconds. Intermediate files go to the cache too (<c>--artifacts-path</c>), so a local
/// invoke never rewrites the obj folders of the solution build.
/// </summary>
internal static class FunctionBuild
{
    private static readonly string[] RepositoryInputs = ["Directory.Build.props", "Directory.Packages.props", "global.json", "nuget.config"];

    public static Bootstrap Ensure(string codeDirectory, string cacheRoot, bool jit, bool force, Action<string> info)
    {
        var projects = Directory.GetFiles(codeDirectory, "*.csproj");
        if (projects.Length != 1)
        {
            throw new UsageException($"CodeUri {codeDirectory} must hold exactly one *.csproj (found {projects.Length})");
        }

        var project = projects[0];
        var mode = jit ? "jit" : "aot";
        var key = Path.GetFileNameWithoutExtension(project) + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(project)))[..10];
        var output = Path.Combine(cacheRoot, "functions", key, mode);
        var stamp = output + ".stamp";
        Directory.CreateDirectory(output);

        if (force || !File.Exists(stamp) || File.ReadAllText(stamp) != Fingerprint(project))
        {
            // One build at a time: functions share referenced projects (Common) and their obj folders.
            using var buildLock = AcquireLock(Path.Combine(cacheRoot, "build.lock"));
            // Taken before the build: an edit made while it runs changes the fingerprint again.
            var fingerprint = Fingerprint(project);
            if (force || !File.Exists(stamp) || File.ReadAllText(stamp) != fingerprint)
            {
                info($"{(jit ? "building" : "publishing")} {Path.GetRelativePath(Environment.CurrentDirectory, project)} (its inputs changed since the last local invoke)");
                File.Delete(stamp);
                Directory.Delete(output, recursive: true);
                Run(project, output, Path.Combine(cacheRoot, "build"), jit);
                File.WriteAllText(stamp, fingerprint);
            }
        }

        return jit ? JitCommand(output, project) : AotCommand(output, project);
    }

    /// <summary>
    /// Hash of every input file's path, size and time: the project folder and those of its
    /// ProjectReferences (without bin/obj) and the Directory.*.props etc. above them. Unlike a
    /// newest-timestamp rule it also notices deleted and renamed files and files restored with an
    /// older time (git checkout).
    /// </summary>
    internal static string Fingerprint(string project)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var folder in ProjectFolders(project))
        {
            AddFilesUnder(folder, files);
            for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            {
                files.UnionWith(RepositoryInputs.Select(name => Path.Combine(dir.FullName, name)).Where(File.Exists));
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

    /// <summary>The project's folder and, transitively, those of its ProjectReferences.</summary>
    private static HashSet<string> ProjectFolders(string project)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
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

    private static Bootstrap AotCommand(string output, string project)
    {
        var bootstrap = Path.Combine(output, "bootstrap");
        return File.Exists(bootstrap)
            ? new Bootstrap(bootstrap, [], output)
            : throw new UsageException($"publishing {project} left no {bootstrap}; a provided.al2023 function must publish a NativeAOT executable named bootstrap");
    }

    /// <summary>The same Main under the JIT: the entry assembly is the one the build gave an apphost.</summary>
    private static Bootstrap JitCommand(string output, string project)
    {
        var entries = Directory.GetFiles(output, "*.runtimeconfig.json")
            .Select(config => config[..^".runtimeconfig.json".Length])
            .Where(File.Exists)
            .ToList();
        return entries.Count == 1
            ? new Bootstrap(DotnetHost(), [entries[0] + ".dll"], output)
            : throw new UsageException($"building {project} left {entries.Count} executables in {output}; expected the function's one");
    }

    private static void Run(string project, string output, string artifacts, bool jit)
    {
        string[] verb = jit ? ["build"] : ["publish", "-r", "linux-x64"];
        var psi = new ProcessStartInfo(DotnetHost(), [.. verb, project, "-c", "Release", "-o", output, "--artifacts-path", artifacts, "--nologo", "-v", "q", "-clp:NoSummary"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi) ?? throw new UsageException($"could not start dotnet {verb[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            // MSBuild repeats every error in its summary; once is enough.
            var lines = (stdout.Result + stderr.Result).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            Console.Error.WriteLine(string.Join('\n', lines.Distinct(StringComparer.Ordinal)));
            throw new UsageException($"dotnet {verb[0]} {project} failed (exit {process.ExitCode}); its output is above");
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
