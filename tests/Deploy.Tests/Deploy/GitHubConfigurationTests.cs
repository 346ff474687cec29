using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Deploy.Tests.Deploy;

/// <summary>
/// .github beyond what action-validator checks (.ci/run runs it on every workflow): actions are
/// pinned by commit, and Dependabot covers every manifest of the repository with valid settings.
/// </summary>
public sealed partial class GitHubConfigurationTests
{
    private static readonly string[] Ecosystems = ["nuget", "npm", "github-actions"];
    private static readonly string[] Intervals = ["daily", "weekly", "monthly"];
    private static readonly string[] UpdateKeys = ["package-ecosystem", "directory", "schedule", "groups"];

    public static TheoryData<string> Workflows()
        => [.. Directory.GetFiles(RepositoryPaths.Combine(".github", "workflows")).Select(Path.GetFileName).OfType<string>().Order()];

    [GeneratedRegex(@"^\s*(?:-\s*)?uses:\s*(?<action>[^@\s]+)@(?<ref>\S+)(?<rest>.*)$", RegexOptions.Multiline)]
    private static partial Regex Uses();

    [GeneratedRegex(@"^[0-9a-f]{40}$")]
    private static partial Regex CommitSha();

    [GeneratedRegex(@"^\s*#\s*v\d+(\.\d+)*\s*$")]
    private static partial Regex VersionComment();

    public static List<string> UnpinnedActions(string workflow)
        => [.. Uses().Matches(workflow)
            .Where(m => !m.Groups["action"].Value.StartsWith("./", StringComparison.Ordinal)
                        && (!CommitSha().IsMatch(m.Groups["ref"].Value) || !VersionComment().IsMatch(m.Groups["rest"].Value)))
            .Select(m => m.Value.Trim())];

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_action_is_pinned_by_commit_with_its_version_in_a_comment(string file)
    {
        var text = File.ReadAllText(RepositoryPaths.Combine(".github", "workflows", file));

        Assert.NotEmpty(Uses().Matches(text));
        Assert.Empty(UnpinnedActions(text));
    }

    [Fact]
    public void A_tag_or_an_uncommented_commit_is_reported()
        => Assert.Equal(
            ["- uses: actions/checkout@v7", "uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020"],
            UnpinnedActions("""
                - uses: actions/checkout@v7
                  uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020
                - uses: actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97 # v7.0.0
                """));

    private static JsonObject Dependabot() => CfnYaml.LoadFile(RepositoryPaths.Combine(".github", "dependabot.yml"));

    private static List<(string Ecosystem, string Directory)> Updates()
        => [.. Dependabot()["updates"]!.AsArray().Select(u => ((string)u!["package-ecosystem"]!, (string)u["directory"]!))];

    [Fact]
    public void Dependabot_entries_are_valid_version_2_updates()
    {
        var config = Dependabot();
        Assert.Equal(2L, (long)config["version"]!);
        foreach (var update in config["updates"]!.AsArray().Select(u => u!.AsObject()))
        {
            Assert.All(update.Select(p => p.Key), key => Assert.Contains(key, UpdateKeys));
            Assert.Contains((string)update["package-ecosystem"]!, Ecosystems);
            Assert.Contains((string)update["schedule"]!["interval"]!, Intervals);
            Assert.True(Directory.Exists(RepositoryPaths.Combine(((string)update["directory"]!).TrimStart('/'))), $"{update["directory"]} does not exist");
        }
    }

    [Fact]
    public void Dependabot_covers_nuget_both_npm_lockfiles_and_the_actions()
    {
        var lockfiles = Directory.GetFiles(RepositoryPaths.Root, "package-lock.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains("node_modules", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => "/" + Path.GetRelativePath(RepositoryPaths.Root, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order()
            .ToList();

        Assert.Equal(["/infra/local", "/infra/validate"], lockfiles);
        Assert.Equal(lockfiles, Updates().Where(u => u.Ecosystem == "npm").Select(u => u.Directory).Order());
        Assert.Contains(("nuget", "/"), Updates());
        Assert.Contains(("github-actions", "/"), Updates());
    }

    [Fact]
    public void Every_AWSSDK_package_moves_in_one_group()
    {
        var nuget = Dependabot()["updates"]!.AsArray().Single(u => (string)u!["package-ecosystem"]! == "nuget")!;
        var patterns = nuget["groups"]!["awssdk"]!["patterns"]!.AsArray().Select(p => (string)p!).ToList();
        var packages = Regex.Matches(File.ReadAllText(RepositoryPaths.Combine("Directory.Packages.props")), "Include=\"(AWSSDK\\.[^\"]+)\"").Select(m => m.Groups[1].Value).ToList();

        Assert.True(packages.Count >= 3, "Directory.Packages.props names the AWSSDK packages");
        Assert.All(packages, p => Assert.Contains(patterns, pattern => Regex.IsMatch(p, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal) + "$")));
    }
}
