using LambdaSuite.Common;
using LambdaSuite.LogShipper.Events;
using Xunit;

namespace LogShipper.Tests.Events;

public sealed class S3KeyDecoderTests
{
    [Theory]
    [InlineData("logs/a+b.gz", "logs/a b.gz")]
    [InlineData("logs/a%2Bb.gz", "logs/a+b.gz")]
    [InlineData("logs/100%25.gz", "logs/100%.gz")]
    [InlineData("logs/%252B.gz", "logs/%2B.gz")] // decoded once: a literal "%2B" in the key stays
    [InlineData("logs/caf%C3%A9+%E2%82%AC+%F0%9F%93%A6.gz", "logs/café € 📦.gz")]
    [InlineData("test%2Fkey", "test/key")]
    [InlineData("logs/plain-key_1.gz", "logs/plain-key_1.gz")]
    public void S3_notification_keys_are_form_url_decoded_exactly_once(string encoded, string expected)
    {
        Assert.Equal(expected, S3KeyDecoder.Decode(encoded, "event.Records[0].s3.object.key"));
    }

    [Theory]
    [InlineData("logs/bad%ZZ")]
    [InlineData("logs/cut%2")]
    [InlineData("logs/notutf8%C3")]
    public void Malformed_escapes_are_rejected_naming_the_field_and_value(string encoded)
    {
        var e = Assert.Throws<InvalidInputException>(() => S3KeyDecoder.Decode(encoded, "event.Records[0].s3.object.key"));

        Assert.Contains("event.Records[0].s3.object.key", e.Message, StringComparison.Ordinal);
        Assert.Contains(encoded, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_escaped_at_sign_is_shown_as_one_so_the_message_masks_the_address()
    {
        var e = Assert.Throws<InvalidInputException>(() => S3KeyDecoder.Decode("logs/jane.doe%40example.com%ZZ", "key"));

        Assert.Contains("j***@example.com", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", e.Message, StringComparison.Ordinal);
    }
}
