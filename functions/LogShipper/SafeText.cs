using System.Text;
using LambdaSuite.Common.Logging;

namespace LambdaSuite.LogShipper;

/// <summary>
/// Event-supplied text (object keys) for exception messages, which the runtime logs unmasked:
/// e-mail addresses masked, control characters escaped, length capped.
/// </summary>
internal static class SafeText
{
    public const int MaxLength = 100;

    public static string Value(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = EmailMask.Mask(text);
        var builder = new StringBuilder(Math.Min(masked.Length, MaxLength + 1));
        foreach (var c in masked)
        {
            if (builder.Length >= MaxLength)
            {
                return builder.Append('…').ToString();
            }

            _ = char.IsControl(c) ? builder.Append($"\\u{(int)c:x4}") : builder.Append(c);
        }

        return builder.ToString();
    }
}
