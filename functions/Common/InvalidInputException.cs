using System.Globalization;
using System.Text;
using LambdaSuite.Common.Logging;

namespace LambdaSuite.Common;

/// <summary>
/// An invocation payload that cannot be acted on. Its one-line message names the field and the
/// value; the runtime logs it and returns it to the caller as the error message, so the value is
/// e-mail-masked, escaped and capped here — user text never reaches the logs raw or unbounded.
/// </summary>
public class InvalidInputException : Exception
{
    private const int MaxValueLength = 100;

    public InvalidInputException() { }

    public InvalidInputException(string message) : base(message) { }

    public InvalidInputException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary><c>field is missing</c>.</summary>
    public static InvalidInputException Missing(string field) => new($"{field} is missing");

    /// <summary><c>field="value" is invalid: expected …</c>, with the value made safe to log.</summary>
    public static InvalidInputException Invalid(string field, string? value, string expected, Exception? inner = null)
    {
        var message = $"{field}={Quote(value)} is invalid: expected {expected}";
        return inner is null ? new InvalidInputException(message) : new InvalidInputException(message, inner);
    }

    /// <summary>The value as it may appear in a log line: masked, control characters escaped, capped at 100 characters.</summary>
    public static string Quote(string? value) => Quote(value, MaxValueLength);

    /// <summary>Like <see cref="Quote(string?)"/> with another cap, e.g. for a service's error text.</summary>
    public static string Quote(string? value, int maxLength)
    {
        if (value is null)
        {
            return "null";
        }

        var masked = EmailMask.Mask(value);
        var text = new StringBuilder(Math.Min(masked.Length, maxLength) + 3).Append('"');
        var shown = TextPrefix.Of(masked, maxLength);
        for (var i = 0; i < shown.Length; i++)
        {
            var c = shown[i];
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                _ when char.IsControl(c) || IsLoneSurrogate(shown, i) => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        return text.Append(masked.Length > maxLength ? "\"…" : "\"").ToString();
    }

    /// <summary>Half of a pair with no other half is not text: it is shown as its escape.</summary>
    private static bool IsLoneSurrogate(ReadOnlySpan<char> text, int i)
        => char.IsHighSurrogate(text[i]) ? i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])
            : char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1]));
}
