using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LambdaSuite.Common.Runtime;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

/// <summary>
/// Every function in template.yaml is a provided.al2023 bootstrap that SAM builds with the
/// function's Makefile, and the project that Makefile publishes has the runtime's entry point.
/// </summary>
public sealed class BootstrapWiringTests
{
    private static readonly JsonObject Template = CfnYaml.LoadFile(RepositoryPaths.Combine("template.yaml"));

    private static List<string> FunctionIds()
        => [.. Template["Resources"]!.AsObject().Where(r => (string?)r.Value!["Type"] == "AWS::Serverless::Function").Select(r => r.Key)];

    public static TheoryData<string> Functions() => [.. FunctionIds()];

    [Fact]
    public void The_template_declares_the_three_functions()
        => Assert.Equal(["LogShipperFunction", "PostConfirmationFunction", "RemediatorFunction"], FunctionIds().Order());

    [Theory]
    [MemberData(nameof(Functions))]
    public void Each_function_is_a_provided_al2023_bootstrap_on_x86_64(string logicalId)
    {
        var properties = Template["Resources"]![logicalId]!["Properties"]!;
        var globals = Template["Globals"]!["Function"]!;

        Assert.Equal("provided.al2023", (string?)(properties["Runtime"] ?? globals["Runtime"]));
        Assert.Equal("bootstrap", (string?)(properties["Handler"] ?? globals["Handler"]));
        Assert.Equal(["x86_64"], (properties["Architectures"] ?? globals["Architectures"])!.AsArray().Select(a => (string?)a));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Each_function_is_built_by_its_makefile_target_publishing_a_project_with_the_runtimes_entry_point(string logicalId)
    {
        var resource = Template["Resources"]![logicalId]!;
        var metadata = resource["Metadata"]!;
        Assert.Equal("makefile", (string?)metadata["BuildMethod"]);
        Assert.Equal(".", (string?)metadata["ProjectRootDirectory"]);
        var codeUri = ((string)resource["Properties"]!["CodeUri"]!).TrimEnd('/');
        Assert.Equal(codeUri, (string?)metadata["ContextPath"]);

        var makefile = File.ReadAllText(RepositoryPaths.Combine(codeUri, "Makefile"));
        var target = Regex.Match(makefile, $@"^build-{logicalId}:\s*\n\t\$\(call publish-bootstrap,(?<project>\w+)\)", RegexOptions.Multiline);
        Assert.True(target.Success, $"{codeUri}/Makefile has no build-{logicalId} target publishing a project");
        var project = target.Groups["project"].Value;
        Assert.True(File.Exists(RepositoryPaths.Combine(codeUri, project + ".csproj")), $"{codeUri} has no {project}.csproj");

        var assembly = Assembly.Load(project);
        Assert.NotNull(assembly.EntryPoint);
        Assert.Equal(typeof(int), assembly.EntryPoint.ReturnType); // the exit code
        var handler = assembly.GetTypes().Single(t => typeof(IInvocationHandler).IsAssignableFrom(t));
        Assert.NotNull(handler.GetConstructor(Type.EmptyTypes));
    }

    [Fact]
    public void The_three_makefile_builds_publish_in_trees_of_their_own_wherever_sam_runs_them()
    {
        // As sam build runs them: --makefile <repository>/functions/<Name>/Makefile from another folder.
        var trees = FunctionIds().Select(logicalId =>
        {
            var codeUri = ((string)Template["Resources"]![logicalId]!["Properties"]!["CodeUri"]!).TrimEnd('/');
            var start = new System.Diagnostics.ProcessStartInfo("make", ["-n", "--no-print-directory", "--makefile", RepositoryPaths.Combine(codeUri, "Makefile"), $"build-{logicalId}", "ARTIFACTS_DIR=/tmp/sam-artifacts"])
            {
                WorkingDirectory = Path.GetTempPath(),
                RedirectStandardOutput = true,
            };
            using var make = System.Diagnostics.Process.Start(start)!;
            var commands = make.StandardOutput.ReadToEnd();
            make.WaitForExit();
            Assert.Equal(0, make.ExitCode);
            var publish = Regex.Match(commands, @"dotnet publish ""(?<project>[^""]+)"" .* --artifacts-path ""(?<tree>[^""]+)""");
            Assert.True(publish.Success, commands);
            Assert.Equal(RepositoryPaths.Combine(codeUri, Path.GetFileName(codeUri) + ".csproj"), publish.Groups["project"].Value);
            return publish.Groups["tree"].Value;
        }).ToList();

        Assert.Equal(["LogShipper", "PostConfirmation", "Remediator"], trees.Select(Path.GetFileName).Order());
        Assert.All(trees, tree => Assert.Equal(RepositoryPaths.Combine("artifacts", "build"), Path.GetDirectoryName(tree)));
    }

    [Fact]
    public void No_function_reads_the_retired_invocation_timeout_variable()
    {
        var variables = FunctionIds().SelectMany(id => Template["Resources"]![id]!["Properties"]!["Environment"]?["Variables"]?.AsObject().Select(v => v.Key) ?? []);

        Assert.DoesNotContain("INVOCATION_TIMEOUT_SECONDS", variables);
    }
}
