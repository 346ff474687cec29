using System.Text;
using LambdaSuite.Common;
using LambdaSuite.PostConfirmation.Events;
using LambdaSuite.PostConfirmation.Model;
using LambdaSuite.PostConfirmation.Profiles;
using PostConfirmation.Tests.Fixtures;
using Xunit;

namespace PostConfirmation.Tests.Events;

/// <summary>
/// Every class of malformed input is one <see cref="InvalidInputException"/> line naming the field,
/// raised while reading, before anything could be written.
/// </summary>
public sealed class ConfirmationEventTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 30, 15, 123, TimeSpan.Zero);

    private static string Valid => Encoding.UTF8.GetString(TestEvents.AwsSampleWithSub("sub-1"));

    /// <summary>The event read and made a profile, as a sign-up does: fails on whatever is wrong first.</summary>
    private static InvalidInputException Rejected(byte[] payload)
    {
        var error = Assert.Throws<InvalidInputException>(() => ConfirmationEvent.Parse(payload).ToProfile(Now));
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(error.Message.Length < 400, error.Message);
        return error;
    }

    private static InvalidInputException Rejected(string payload) => Rejected(Encoding.UTF8.GetBytes(payload));

    [Fact]
    public void The_fields_a_profile_needs_come_from_the_event_and_the_role_from_nowhere_in_it()
    {
        var profile = ConfirmationEvent.Parse(TestEvents.AwsSampleWithSub("sub-1", change: e => e["request"]!["userAttributes"]!["custom:role"] = "ADMIN")).ToProfile(Now);

        Assert.Equal(new UserProfile("sub-1", "<userName>", "<userPoolId>", "<email>", Now), profile);
    }

    [Fact]
    public void Lone_surrogate_in_a_value_is_invalid_input()
    {
        var error = Rejected(Valid.Replace("\"sub-1\"", "\"sub-\\ud800\"", StringComparison.Ordinal));

        Assert.StartsWith("request.userAttributes.sub=", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected Unicode text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lone_surrogate_in_an_attribute_nobody_reads_is_invalid_input_too()
    {
        var error = Rejected(Valid.Replace("\"phone_number\":", "\"phone_number\":\"\\udc00\",\"unused\":", StringComparison.Ordinal));

        Assert.StartsWith("request.userAttributes.phone_number=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lone_surrogate_in_a_property_name_is_invalid_input()
    {
        var error = Rejected(Valid.Replace("\"sub\"", "\"custom:\\ud800\"", StringComparison.Ordinal));

        Assert.StartsWith("request.userAttributes has a property name \"custom:\\ud800\" that is invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_invalid_input()
    {
        var text = Valid;
        var at = text.IndexOf("sub-1", StringComparison.Ordinal);
        byte[] payload = [.. Encoding.UTF8.GetBytes(text[..at]), 0xF0, 0x28, 0x8C, 0x28, .. Encoding.UTF8.GetBytes(text[at..])];

        var error = Rejected(payload);

        Assert.StartsWith("request.userAttributes.sub=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_garbage_is_invalid_input()
        => Assert.StartsWith("event is invalid: expected exactly one JSON value", Rejected(Valid + "}").Message, StringComparison.Ordinal);

    [Fact]
    public void A_second_document_is_invalid_input()
        => Assert.StartsWith("event is invalid: expected exactly one JSON value", Rejected(Valid + Valid).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("sub", 2044, "request.userAttributes.sub=", "at most 2,043 bytes of UTF-8 (got 2,044)")]
    [InlineData("sub", 5000, "request.userAttributes.sub=", "at most 2,048 characters (got 5,000)")]
    [InlineData("email", 400_000, "request.userAttributes.email=", "at most 2,048 characters (got 400,000)")]
    [InlineData("userName", 129, "userName=", "at most 128 characters (got 129)")]
    [InlineData("userPoolId", 56, "userPoolId=", "at most 55 characters (got 56)")]
    public void Over_long_field_is_invalid_input(string field, int length, string named, string expected)
    {
        // '@' in the value: the error message masks it, and masking a huge value is linear.
        var value = "a@" + new string('x', length - 2);
        var payload = TestEvents.AwsSampleWithSub(field == "sub" ? value : "sub-1", change: node =>
        {
            if (field == "email")
            {
                node["request"]!["userAttributes"]!["email"] = value;
            }
            else if (field != "sub")
            {
                node[field] = value;
            }
        });

        var error = Rejected(payload);

        Assert.StartsWith(named, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sub_of_multibyte_characters_is_measured_in_bytes()
    {
        // 700 x "€" is 700 characters (within Cognito's 2,048) but 2,100 bytes: no DynamoDB key could hold USER# + it.
        var error = Rejected(TestEvents.AwsSampleWithSub(new string('€', 700)));

        Assert.EndsWith("at most 2,043 bytes of UTF-8 (got 2,100)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_value_is_masked_when_it_is_an_email_address()
    {
        var json = "{\"triggerSource\":\"PostConfirmation_ConfirmSignUp\",\"userPoolId\":\"p\",\"userName\":[\"jane.doe@example.com\"]}";

        var error = Rejected(json);

        Assert.Equal("userName=\"[\\\"j***@example.com\\\"]\" is invalid: expected a string", error.Message);
    }

    [Fact]
    public void Invalid_email_attribute_is_reported_masked()
    {
        var json = "{\"triggerSource\":\"PostConfirmation_ConfirmSignUp\",\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":\"s\",\"email\":{\"v\":\"jane.doe@example.com\"}}}}";

        var error = Rejected(json);

        Assert.StartsWith("request.userAttributes.email=", error.Message, StringComparison.Ordinal);
        Assert.Contains("j***@example.com", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_values_Cognito_allows_are_accepted()
    {
        var payload = TestEvents.AwsSampleWithSub(new string('s', ConfirmationEvent.MaxSubBytes), change: node =>
        {
            node["userName"] = new string('u', 128);
            node["userPoolId"] = new string('p', 55);
            node["request"]!["userAttributes"]!["email"] = new string('e', 2048);
        });

        var profile = ConfirmationEvent.Parse(payload).ToProfile(Now);

        Assert.Equal(2048, Encoding.UTF8.GetByteCount(profile.PartitionKey));
    }
}
