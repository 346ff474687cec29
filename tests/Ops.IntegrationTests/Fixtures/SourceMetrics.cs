using System.Text.RegularExpressions;
using LambdaSuite.TestSupport;

namespace LambdaSuite.Ops.IntegrationTests.Fixtures;

/// <summary>
/// Every metric the functions' code can write, read from its calls of IMetrics.Add
/// (<c>metrics.Add(name, value, MetricUnit.X)</c>): the name a string literal or a string constant
/// (<c>Name</c> of the same type, or <c>Type.Name</c>). So a metric written on a path no run takes
/// still has to be run, and a name built at run time is reported instead of passing unseen.
/// </summary>
internal static partial class SourceMetrics
{
    public static (HashSet<string> Names, List<string> Problems) Read(string? root = null)
    {
        var folder = Path.Combine(root ?? RepositoryPaths.Root, "functions");
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(f => (Path: Path.GetRelativePath(folder, f), Text: File.ReadAllText(f), Type: TypeName().Match(File.ReadAllText(f)).Groups[1].Value))
            .ToList();
        var constants = files.ToDictionary(f => f.Path, f => Constant().Matches(f.Text).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.First().Groups[2].Value, StringComparer.Ordinal));
        var names = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (path, text, type) in files)
        {
            foreach (Match call in AddCall().Matches(text))
            {
                var argument = call.Groups["name"].Value.Trim();
                var parts = argument.Split('.');
                var name = argument.StartsWith('"') ? argument.Trim('"')
                    : parts.Length == 1 ? constants[path].GetValueOrDefault(argument)
                    : parts.Length == 2 ? files.Where(f => f.Type == parts[0]).Select(f => constants[f.Path].GetValueOrDefault(parts[1])).FirstOrDefault(n => n is not null)
                    : null;
                if (name is null)
                {
                    problems.Add($"functions/{path}: metric name {argument} is neither a string literal nor a string constant");
                }
                else
                {
                    names.Add(name);
                }
            }
        }

        return (names, problems);
    }

    [GeneratedRegex(@"\.Add\(\s*(?<name>[^,()]+?)\s*,[^;]*?MetricUnit\.\w+\s*\)", RegexOptions.Singleline)]
    private static partial Regex AddCall();

    [GeneratedRegex(@"const\s+string\s+(\w+)\s*=\s*""([^""]*)""")]
    private static partial Regex Constant();

    [GeneratedRegex(@"^\s*(?:(?:public|internal|private|sealed|static|partial|abstract|readonly)\s+)*(?:class|record|struct)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex TypeName();
}
