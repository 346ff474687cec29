using System.Text.RegularExpressions;

namespace LambdaSuite.Common.Logging;

/// <summary>Keeps e-mail addresses out of logs: <c>jane.doe@example.com</c> becomes <c>j***@example.com</c>.</summary>
public static partial class EmailMask
{
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Cheap pre-check: most log text has no '@' and should not pay for the regex.
        return text.Contains('@', StringComparison.Ordinal) ? Email().Replace(text, Replace) : text;
    }

    private static string Replace(Match match)
    {
        var local = match.Groups["local"].Value;
        return string.Concat(local.AsSpan(0, 1), "***@", match.Groups["domain"].Value);
    }

    [GeneratedRegex(@"(?<local>[A-Za-z0-9._%+\-]+)@(?<domain>[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)", RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
