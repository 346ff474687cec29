using System.Text;
using System.Text.RegularExpressions;
using LambdaSuite.Common.Logging;
using Xunit;

namespace LambdaSuite.Common.Tests.Logging;

public sealed partial class EmailMaskTests
{
    [Theory]
    [InlineData("jane@example.com", "j***@example.com")]
    [InlineData("to: a.b-c+d@sub.example.co.uk, cc: x@y.io", "to: a***@sub.example.co.uk, cc: x***@y.io")]
    [InlineData("jöhn@exämple.com", "j***@exämple.com")]
    [InlineData("用户@例子.公司", "用***@例子.公司")]
    [InlineData("no address here", "no address here")]
    [InlineData("user@localhost", "user@localhost")]
    [InlineData("s3://bucket/key@v1", "s3://bucket/key@v1")]
    [InlineData("a@b@c.d", "a@b***@c.d")]
    [InlineData("x@y.z.@q.r", "x***@y.z.***@q.r")]
    [InlineData("@example.com", "@example.com")]
    [InlineData("jane@example.com.", "j***@example.com.")]
    [InlineData("jane@example..com", "jane@example..com")]
    [InlineData("jane@", "jane@")]
    public void Masks_the_local_part_and_keeps_the_domain(string input, string expected)
        => Assert.Equal(expected, EmailMask.Mask(input));

    /// <summary>
    /// The scan must find exactly the addresses the documented pattern describes. Compared with the
    /// pattern as a regular expression on random text made of the characters that matter.
    /// </summary>
    [Fact]
    public void Masks_exactly_what_the_address_pattern_matches()
    {
        var random = new Random(1234);
        const string alphabet = "ab1.@-_+% é用\u2163\u00b2x";
        for (var run = 0; run < 20_000; run++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(0, 24); i > 0; i--)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var input = text.ToString();
            var expected = Reference().Replace(input, m => string.Concat(m.Groups["local"].Value.AsSpan(0, 1), "***@", m.Groups["domain"].Value));
            Assert.True(expected == EmailMask.Mask(input), $"input \"{input}\": expected \"{expected}\", got \"{EmailMask.Mask(input)}\"");
        }
    }

    [Fact]
    public void A_megabyte_of_address_characters_around_at_signs_is_masked()
    {
        // The shapes that made a backtracking pattern quadratic: long local-part runs with no domain.
        var noDomain = new string('a', 1_000_000) + "@";
        var manyAts = string.Concat(Enumerable.Repeat("aaaa@", 200_000));
        var addresses = string.Concat(Enumerable.Repeat("jane@example.com ", 60_000));

        Assert.Equal(noDomain, EmailMask.Mask(noDomain));
        Assert.Equal(manyAts, EmailMask.Mask(manyAts));
        var masked = EmailMask.Mask(addresses);
        Assert.DoesNotContain("jane@", masked, StringComparison.Ordinal);
        Assert.Equal(60_000, CountOf(masked, "j***@example.com "));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex(@"(?<local>[\p{L}\p{N}._%+\-]+)@(?<domain>[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+)", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
