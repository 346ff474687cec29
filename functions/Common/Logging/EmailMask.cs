using System.Buffers;
using System.Globalization;
using System.Text;

namespace LambdaSuite.Common.Logging;

/// <summary>
/// Keeps e-mail addresses out of logs: <c>jane.doe@example.com</c> becomes <c>j***@example.com</c>.
/// An address is a local part of letters, digits (any script) and <c>._%+-</c>, an '@', and a
/// domain of at least two dot-separated labels of letters, digits and '-'.
/// </summary>
/// <remarks>
/// A hand-written scan rather than a regular expression: a backtracking regex retries every start
/// position of a long run of local-part characters, which made a few hundred KB of text containing
/// '@' cost seconds. Here each character is looked at a bounded number of times (every scan stops
/// at the neighbouring '@'), so the cost is linear in the length of the text.
/// </remarks>
public static class EmailMask
{
    private const string AsciiLabel = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    // Vectorised skipping over ASCII runs; a non-ASCII character stops the skip and is classified on its own.
    private static readonly SearchValues<char> AsciiLocalChars = SearchValues.Create(AsciiLabel + "._%+");
    private static readonly SearchValues<char> AsciiLabelChars = SearchValues.Create(AsciiLabel);

    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        StringBuilder? masked = null;
        var copied = 0;
        while (at >= 0)
        {
            // Matches never overlap: the local part starts after the previous address at the earliest.
            var start = LocalStart(text, copied, at);

            if (start < at && DomainEnd(text, at + 1) is var end and > 0)
            {
                masked ??= new StringBuilder(text.Length);
                masked.Append(text, copied, start - copied).Append(text[start]).Append("***@").Append(text, at + 1, end - at - 1);
                copied = end;
                at = end < text.Length ? text.IndexOf('@', end) : -1;
            }
            else
            {
                at = at + 1 < text.Length ? text.IndexOf('@', at + 1) : -1;
            }
        }

        return masked is null ? text : masked.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>The index after the domain starting at <paramref name="start"/>, or -1 when there is none (one label is not a domain).</summary>
    private static int DomainEnd(string text, int start)
    {
        var position = Label(text, start);
        if (position == start)
        {
            return -1;
        }

        var labels = 1;
        while (position + 1 < text.Length && text[position] == '.' && Label(text, position + 1) is var next && next > position + 1)
        {
            position = next;
            labels++;
        }

        return labels > 1 ? position : -1;
    }

    /// <summary>Where the run of local-part characters that ends at <paramref name="at"/> starts, no earlier than <paramref name="floor"/>.</summary>
    private static int LocalStart(string text, int floor, int at)
    {
        var start = at;
        while (start > floor)
        {
            var other = text.AsSpan(floor, start - floor).LastIndexOfAnyExcept(AsciiLocalChars);
            if (other < 0)
            {
                return floor;
            }

            start = floor + other + 1;
            if (!IsLocal(text[start - 1]))
            {
                break;
            }

            start--;
        }

        return start;
    }

    private static int Label(string text, int position)
    {
        while (position < text.Length)
        {
            var other = text.AsSpan(position).IndexOfAnyExcept(AsciiLabelChars);
            if (other < 0)
            {
                return text.Length;
            }

            position += other;
            if (!IsLabel(text[position]))
            {
                break;
            }

            position++;
        }

        return position;
    }

    private static bool IsLocal(char c) => c is '.' or '_' or '%' or '+' or '-' || IsLetterOrNumber(c);

    private static bool IsLabel(char c) => c == '-' || IsLetterOrNumber(c);

    private static bool IsLetterOrNumber(char c)
    {
        if (char.IsAscii(c))
        {
            return char.IsAsciiLetterOrDigit(c);
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
    }
}
