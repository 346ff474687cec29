using System.Text.RegularExpressions;
using LambdaSuite.TestSupport;

namespace LambdaSuite.Ops.IntegrationTests.Fixtures;

/// <summary>
/// Holds the metrics the stack reads to the metrics the functions write, one line per break:
/// a metric an alarm or widget reads must be written by the function its FunctionName names, under
/// the same namespace, name and dimension set, with FunctionName the name Lambda gave the run (local
/// invoke: the logical id) and the unit the alarm names; a metric a function writes must be read by
/// an alarm or widget, or be listed in the README as deliberately unwatched.
/// </summary>
internal static partial class MetricTie
{
    public static List<string> Problems(IReadOnlyList<WatchedMetric> watched, IReadOnlyList<EmittedMetric> emitted, IReadOnlySet<string> unwatched)
    {
        var problems = new List<string>();
        foreach (var w in watched)
        {
            var reads = $"{w.Reader} [{w.Scenario}] reads {w.Namespace} {w.Name} {{{Describe(w.Dimensions.Keys)}}}";
            if (w.Function is null)
            {
                problems.Add($"{reads}, but its FunctionName {(w.Dimensions.TryGetValue("FunctionName", out var v) ? $"'{v}' names no function of the stack" : "is missing")}");
                continue;
            }

            var written = emitted.Where(e => e.Function == w.Function && e.Namespace == w.Namespace && e.Name == w.Name).ToList();
            if (written.Count == 0)
            {
                var elsewhere = emitted.Where(e => e.Name == w.Name).Select(e => $"{e.Function} in {e.Namespace}").Distinct().ToList();
                problems.Add($"{reads} of {w.Function}, which no run of {w.Function} wrote{(elsewhere.Count > 0 ? $" (written by {string.Join(", ", elsewhere)})" : string.Empty)}");
                continue;
            }

            var keys = w.Dimensions.Keys.Order(StringComparer.Ordinal).ToArray();
            var matching = written.Where(e => e.DimensionSets.Any(set => set.Order(StringComparer.Ordinal).SequenceEqual(keys))).ToList();
            if (matching.Count == 0)
            {
                problems.Add($"{reads}, but {w.Function} writes it with the dimension sets {string.Join(" ", written.SelectMany(e => e.DimensionSets).Select(s => "{" + Describe(s) + "}").Distinct())}");
                continue;
            }

            foreach (var e in matching.Where(e => e.Dimensions.GetValueOrDefault("FunctionName") != e.Function).DistinctBy(e => e.Run))
            {
                problems.Add($"{reads}, but {e.Run} wrote FunctionName '{e.Dimensions.GetValueOrDefault("FunctionName")}', not the name Lambda gave it ('{e.Function}')");
            }

            if (w.Unit is { } unit && matching.Select(e => e.Unit).Distinct().Where(u => u != unit).ToList() is { Count: > 0 } others)
            {
                problems.Add($"{reads} in {unit}, but {w.Function} writes it in {string.Join(", ", others)}");
            }
        }

        foreach (var (function, name) in emitted.Select(e => (e.Function, e.Name)).Distinct())
        {
            if (!watched.Any(w => w.Function == function && w.Name == name) && !unwatched.Contains(name))
            {
                problems.Add($"{function} writes {name}, which no alarm or dashboard widget reads and the README does not list as deliberately unwatched");
            }
        }

        foreach (var name in unwatched)
        {
            if (!emitted.Any(e => e.Name == name))
            {
                problems.Add($"the README lists {name} as deliberately unwatched, but no function wrote it");
            }
            else if (watched.FirstOrDefault(w => w.Name == name) is { } reader)
            {
                problems.Add($"the README lists {name} as deliberately unwatched, but {reader.Reader} reads it");
            }
        }

        foreach (var units in emitted.GroupBy(e => (e.Namespace, e.Name)).Where(g => g.Select(e => e.Unit).Distinct().Count() > 1))
        {
            problems.Add($"{units.Key.Name} is written in {string.Join(" and ", units.Select(e => $"{e.Unit} ({e.Run})").Distinct())}");
        }

        return problems;
    }

    /// <summary>The metric names of the README's "Deliberately unwatched" paragraph (Operations).</summary>
    public static HashSet<string> Unwatched(string readme)
    {
        var paragraph = readme.Split("\n\n").Where(p => p.StartsWith("**Deliberately unwatched", StringComparison.Ordinal)).ToList();
        return paragraph.Count == 1
            ? [.. Backticked().Matches(paragraph[0]).Select(m => m.Groups[1].Value)]
            : throw new InvalidOperationException($"README.md has {paragraph.Count} paragraphs starting with **Deliberately unwatched, expected one");
    }

    public static HashSet<string> Unwatched() => Unwatched(File.ReadAllText(RepositoryPaths.Combine("README.md")));

    private static string Describe(IEnumerable<string> keys) => string.Join(", ", keys.Order(StringComparer.Ordinal));

    [GeneratedRegex(@"`([A-Za-z0-9]+)`")]
    private static partial Regex Backticked();
}
