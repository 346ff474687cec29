using System.Diagnostics;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.RepositoryShape;

/// <summary>
/// infra/validate/structure (a step of .ci/run) on a small repository of its own: a git repository, since
/// the script reads the tracked files (git ls-files), with LAMBDASUITE_ROOT pointing at it.
/// </summary>
public sealed class StructureScriptTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"lambdasuite-structure-{Guid.NewGuid():N}");

    public StructureScriptTests()
    {
        Directory.CreateDirectory(_root);
        Write("template.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n");
        Write("README.md", "# A repository within every limit\n");
        Write("functions/Remediator/Model/ServiceTarget.cs", "namespace LambdaSuite.Remediator.Model;\n");
    }

    [Fact]
    public async Task Two_folders_that_import_each_other_are_a_finding_naming_both()
    {
        Write("functions/Remediator/Decision/Decider.cs", "using LambdaSuite.Remediator.Aws;\nusing LambdaSuite.Remediator.Model;\n");
        Write("functions/Remediator/Aws/EcsClient.cs", "using LambdaSuite.Remediator.Decision;\n");

        var (exit, output) = await StructureAsync();

        Assert.Equal(1, exit);
        Assert.Contains("imports: functions/Remediator: folders import each other: Aws -> Decision -> Aws", Lines(output));
    }

    [Fact]
    public async Task Folders_that_import_one_way_give_no_import_finding()
    {
        Write("functions/Remediator/Decision/Decider.cs", "using LambdaSuite.Remediator.Model;\n");
        Write("functions/Remediator/Aws/EcsClient.cs", "using LambdaSuite.Remediator.Decision;\nusing LambdaSuite.Remediator.Model;\n");

        var (exit, output) = await StructureAsync();

        Assert.DoesNotContain(Lines(output), line => line.StartsWith("imports:", StringComparison.Ordinal));
        Assert.Equal(0, exit);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private void Write(string path, string content)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private async Task<(int Exit, string Output)> StructureAsync()
    {
        Assert.Equal(0, (await RunAsync("git", ["init", "-q", _root])).Exit);
        Assert.Equal(0, (await RunAsync("git", ["-C", _root, "add", "-A"])).Exit);
        return await RunAsync("python3", [RepositoryPaths.Combine("infra", "validate", "structure")], ("LAMBDASUITE_ROOT", _root));
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, string[] args, params (string Name, string Value)[] environment)
    {
        var psi = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
