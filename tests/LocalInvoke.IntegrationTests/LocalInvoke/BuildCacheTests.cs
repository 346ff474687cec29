using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.LocalInvoke.IntegrationTests.LocalInvoke;

/// <summary>infra/local/build-if-changed, the build cache of the invoke wrapper and of every function build.</summary>
public sealed class BuildCacheTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lambdasuite-cache-").FullName;

    private string Source => Path.Combine(_dir, "src");

    private string Output => Path.Combine(_dir, "out");

    [Fact]
    public async Task A_build_runs_when_a_source_is_edited_deleted_or_restored_older_and_not_for_bin_or_obj()
    {
        Directory.CreateDirectory(Path.Combine(Source, "obj"));
        File.WriteAllText(Path.Combine(Source, "Code.cs"), "class A {}");
        File.WriteAllText(Path.Combine(Source, "Other.cs"), "class B {}");

        Assert.Equal((0, 1), await BuildAsync()); // first build
        Assert.Equal((0, 1), await BuildAsync()); // nothing changed
        File.WriteAllText(Path.Combine(Source, "obj", "Generated.cs"), "ignored");
        Assert.Equal((0, 1), await BuildAsync());
        File.WriteAllText(Path.Combine(Source, "Code.cs"), "class AB {}");
        Assert.Equal((0, 2), await BuildAsync());
        File.SetLastWriteTimeUtc(Path.Combine(Source, "Code.cs"), DateTime.UtcNow.AddDays(-30)); // git checkout of an older version
        Assert.Equal((0, 3), await BuildAsync());
        File.Delete(Path.Combine(Source, "Other.cs"));
        Assert.Equal((0, 4), await BuildAsync());
    }

    [Fact]
    public async Task An_emptied_output_or_FORCE_BUILD_builds_again()
    {
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Source).FullName, "Code.cs"), "class A {}");
        await BuildAsync();

        File.Delete(Path.Combine(Output, "artifact"));
        Assert.Equal((0, 2), await BuildAsync());
        Assert.Equal((0, 3), await BuildAsync(force: true));
        Assert.True(File.Exists(Path.Combine(Output, "artifact")));
    }

    [Fact]
    public async Task A_failed_build_prints_its_output_once_per_line_exits_1_and_is_retried_next_time()
    {
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Source).FullName, "Code.cs"), "class A {}");

        var (exit, _, stderr) = await ScriptRun.RunAsync(Script, ["demo build", Output, Lock, Source, "--", "bash", "-c", "echo 'error CS1002: ; expected'; echo 'error CS1002: ; expected'; exit 3"], []);

        Assert.Equal(1, exit);
        Assert.Single(stderr.Split('\n'), line => line == "error CS1002: ; expected");
        Assert.Contains("local invoke: demo build (its inputs changed since the last build)", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Output + ".stamp"));
        Assert.Equal((0, 1), await BuildAsync());
    }

    private static string Script => RepositoryPaths.Combine("infra", "local", "build-if-changed");

    private string Lock => Path.Combine(_dir, "build.lock");

    /// <summary>Runs a build that counts its runs and leaves one artifact; returns the exit code and the count so far.</summary>
    private async Task<(int Exit, int Builds)> BuildAsync(bool force = false)
    {
        var counter = Path.Combine(_dir, "builds");
        var (exit, stdout, stderr) = await ScriptRun.RunAsync(
            Script,
            ["demo build", Output, Lock, Source, "--", "bash", "-c", "echo built >>\"$0\" && touch \"$1/artifact\"", counter, Output],
            force ? [new("FORCE_BUILD", "1")] : []);
        Assert.True(stdout.Length == 0, stdout); // the build's output never reaches stdout, the response channel
        Assert.True(exit == 0, stderr);
        return (exit, File.Exists(counter) ? File.ReadAllLines(counter).Length : 0);
    }
}
