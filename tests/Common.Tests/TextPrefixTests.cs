using Xunit;

namespace LambdaSuite.Common.Tests;

public sealed class TextPrefixTests
{
    private const string Emoji = "\U0001F600"; // two UTF-16 units

    [Theory]
    [InlineData("abc", 5, "abc")]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("ab" + Emoji + "cd", 3, "ab")] // the cut would fall between the emoji's two halves
    [InlineData("ab" + Emoji + "cd", 4, "ab" + Emoji)]
    [InlineData(Emoji, 1, "")]
    public void Cuts_to_the_length_but_never_inside_a_surrogate_pair(string text, int max, string expected)
        => Assert.Equal(expected, TextPrefix.Of(text, max).ToString());

    [Theory]
    [InlineData("abc", 3, "abc")]
    [InlineData("abcd", 3, "ab…")]
    [InlineData("a" + Emoji + "cd", 3, "a…")] // the prefix never ends in half an emoji
    public void Capped_text_is_at_most_the_length_ellipsis_included(string text, int max, string expected)
        => Assert.Equal(expected, TextPrefix.Capped(text, max));
}
