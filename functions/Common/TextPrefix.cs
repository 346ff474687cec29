namespace LambdaSuite.Common;

/// <summary>
/// Cutting text to a length without splitting a surrogate pair: half of an emoji is not text (JSON
/// writers turn it into U+FFFD, other consumers may refuse it).
/// </summary>
public static class TextPrefix
{
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
}
