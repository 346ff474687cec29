using System.Text;

namespace LambdaSuite.Preflight;

/// <summary>
/// The checklist for a person: one row per check (name, status, what was seen), then the fix of
/// each failed check, then one result line. Status words are coloured only when asked (a terminal).
/// </summary>
internal static class ChecklistTable
{
    public static string Render(Checklist checklist, string target, bool colour)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        var width = Math.Max("CHECK".Length, checklist.Checks.Max(c => c.Name.Length));
        var text = new StringBuilder().Append("LogShipper preflight of ").AppendLine(target);
        text.Append("CHECK".PadRight(width + 2)).Append("STATUS".PadRight(9)).AppendLine("DETAIL");
        foreach (var check in checklist.Checks)
        {
            text.Append(check.Name.PadRight(width + 2)).Append(Paint(check.Status.PadRight(9), check.Status, colour)).AppendLine(check.Detail);
        }

        foreach (var check in checklist.Checks.Where(c => c.Fix is not null))
        {
            text.AppendLine().Append("fix for ").Append(check.Name).Append(": ").AppendLine(check.Fix);
        }

        var count = (string status) => checklist.Checks.Count(c => c.Status == status);
        var result = checklist.Failed ? "fail" : "pass";
        return text.AppendLine().Append("result: ").Append(Paint(result, result, colour))
            .AppendLine($" ({count("pass")} passed, {count("fail")} failed, {count("unknown")} unknown, {count("skipped")} skipped)").ToString();
    }

    /// <summary>Colour on a terminal only, and never with NO_COLOR set (no-color.org) or TERM=dumb.</summary>
    public static bool UseColour(bool outputRedirected, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return !outputRedirected && string.IsNullOrEmpty(environment("NO_COLOR")) && environment("TERM") != "dumb";
    }

    private static string Paint(string text, string status, bool colour) => !colour ? text : status switch
    {
        "pass" => $"\u001b[32m{text}\u001b[0m",
        "fail" => $"\u001b[31m{text}\u001b[0m",
        "unknown" => $"\u001b[33m{text}\u001b[0m",
        _ => $"\u001b[2m{text}\u001b[0m",
    };
}
