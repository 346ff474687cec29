namespace LambdaSuite.Common;

/// <summary>
/// Cutting text to a length without splitting a surrogate pair: half of an emoji is not text (JSON
/// writers turn it into U+FFFD, other consumers may refuse it).
/// </summary>
public static class TextPrefix
{
    /// <summary>What marks text that <see cref="Capped"/> cut.</summary>
    public const string Ellipsis = "…";

    /// <summary>At most <paramref name="maxLength"/> UTF-16 units of <paramref name="text"/>, one fewer when the cut would fall inside a pair.</summary>
    public static ReadOnlySpan<char> Of(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (text.Length <= maxLength)
        {
            return text;
        }

        return text.AsSpan(0, maxLength > 0 && char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength);
    }

    /// <summary>
    /// The one capping rule for text: <paramref name="text"/> as it is when it fits, otherwise its
    /// prefix and <paramref name="marker"/>, together at most <paramref name="maxLength"/> characters.
    /// </summary>
    public static string Capped(string text, int maxLength, string marker = Ellipsis)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(marker);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, marker.Length);
        return text.Length <= maxLength ? text : string.Concat(Of(text, maxLength - marker.Length), marker);
    }
}
