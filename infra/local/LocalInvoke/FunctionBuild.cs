using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// Builds a function's project into a cache folder, but only when its inputs changed since the last
/// build (see <see cref="Fingerprint"/>). An up-to-date `dotnet build` still costs seconds of MSBuild
/// evaluation on this machine; fingerprinting a few dozen files costs milliseconds.
/// </summary>
internal static class FunctionBuild
{
    private static readonly string[] RepositoryInputs = ["Directory.Build.props", "Directory.Packages.props", "global.json", "nuget.config"];

    /// <summary>Returns the folder holding the built assemblies.</summary>
    public static string Ensure(string codeDirectory, string cacheRoot, bool force, Action<string> info)
    {
        var projects = Directory.GetFiles(codeDirectory, "*.csproj");
        if (projects.Length != 1)
        {
            throw new UsageException($"CodeUri {codeDirectory} must hold exactly one *.csproj (found {projects.Length})");
        }

        var project = projects[0];
        var key = Path.GetFileNameWithoutExtension(project) + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(project)))[..10];
        var folder = Path.Combine(cacheRoot, "functions", key);
        var output = Path.Combine(folder, "out");
        var stamp = Path.Combine(folder, "built.stamp");
        Directory.CreateDirectory(folder);

        if (!force && File.Exists(stamp) && File.ReadAllText(stamp) == Fingerprint(project))
        {
            return output;
        }

        // One build at a time: functions share referenced projects (Common) and their obj folders.
        using var buildLock = AcquireLock(Path.Combine(cacheRoot, "build.lock"));
        // Taken before the build: an edit made while it runs changes the fingerprint again.
        var fingerprint = Fingerprint(project);
        if (!force && File.Exists(stamp) && File.ReadAllText(stamp) == fingerprint)
        {
            return output; // built by a concurrent invoke while we waited
        }

        info($"building {Path.GetRelativePath(Environment.CurrentDirectory, project)} (its inputs changed since the last local invoke)");
        File.Delete(stamp);
        Run(project, output);
        File.WriteAllText(stamp, fingerprint);
        return output;
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

    private static void Run(string project, string output)
    {
        var psi = new ProcessStartInfo(DotnetHost(), ["build", project, "-c", "Release", "-o", output, "--nologo", "-v", "q", "-clp:NoSummary"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi) ?? throw new UsageException("could not start dotnet build");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            // MSBuild repeats every error in its summary; once is enough.
            var lines = (stdout.Result + stderr.Result).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            Console.Error.WriteLine(string.Join('\n', lines.Distinct(StringComparer.Ordinal)));
            throw new UsageException($"dotnet build {project} failed (exit {process.ExitCode}); its output is above");
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
