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

    /// <summary><c>../shared</c> beside the repository (reference material; never copied in).</summary>
    public static string Shared(params string[] parts) => Path.GetFullPath(Path.Combine([Root, "..", "shared", .. parts]));
}
