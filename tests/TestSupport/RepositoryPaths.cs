namespace LambdaSuite.TestSupport;

/// <summary>Locates files of this repository from a test's output directory.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootValue = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LambdaSuite.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"LambdaSuite.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => RootValue.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>
    /// The project's <c>shared/</c> reference material (never copied in): beside the repository in
    /// CI (<c>../shared</c>), or further up for a git worktree placed below another folder.
    /// </summary>
    public static string Shared(params string[] parts)
    {
        for (var dir = Directory.GetParent(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "schemas")))
            {
                return Path.Combine([candidate, .. parts]);
            }
        }

        throw new InvalidOperationException($"no shared/schemas folder above {Root}");
    }
}
