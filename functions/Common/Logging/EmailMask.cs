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

    // Letters and digits of any script: internationalised addresses (jöhn@exämple.com) are e-mail too.
    [GeneratedRegex(@"(?<local>[\p{L}\p{N}._%+\-]+)@(?<domain>[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+)", RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
