using System.Text;
using LambdaSuite.Common;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.PostConfirmation;
using LambdaSuite.TestSupport;
using Xunit;

namespace PostConfirmation.Tests;

/// <summary>
/// Every class of malformed input is one <see cref="InvalidInputException"/> naming the field, raised
/// before the write: Cognito shows the user a failed confirmation instead of retrying a write that
/// DynamoDB would refuse, and nothing half-valid is stored.
/// </summary>
public sealed class BadInputTests
{
    private readonly MemorySink _sink = new();
    private readonly FakeProfileStore _store = new();

    private static string Valid => Encoding.UTF8.GetString(TestEvents.AwsSampleWithSub("sub-1"));

    private async Task<InvalidInputException> RejectedAsync(byte[] payload)
    {
        var handler = new Handler(_store, new JsonLog(_sink, "PostConfirmation", LogLevel.Debug), new EmfMetrics(_sink, "Test", "PostConfirmation"), new FixedTime(DateTimeOffset.UnixEpoch));
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => handler.HandleAsync(new MemoryStream(payload), TestInvocation.Context()));
        Assert.Empty(_store.Calls);
        Assert.Equal(1, _sink.MetricSum("InvalidEvents"));
        Assert.Equal(0, _sink.MetricSum("ProfilesFailed"));
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(error.Message.Length < 400, error.Message);
        return error;
    }

    private Task<InvalidInputException> RejectedAsync(string payload) => RejectedAsync(Encoding.UTF8.GetBytes(payload));

    [Fact]
    public async Task Lone_surrogate_in_a_value_is_invalid_input()
    {
        var error = await RejectedAsync(Valid.Replace("\"sub-1\"", "\"sub-\\ud800\"", StringComparison.Ordinal));

        Assert.StartsWith("request.userAttributes.sub=", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected Unicode text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lone_surrogate_in_an_attribute_nobody_reads_is_invalid_input_too()
    {
        var error = await RejectedAsync(Valid.Replace("\"phone_number\":", "\"phone_number\":\"\\udc00\",\"unused\":", StringComparison.Ordinal));

        Assert.StartsWith("request.userAttributes.phone_number=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lone_surrogate_in_a_property_name_is_invalid_input()
    {
        var error = await RejectedAsync(Valid.Replace("\"sub\"", "\"custom:\\ud800\"", StringComparison.Ordinal));

        Assert.StartsWith("request.userAttributes has a property name \"custom:\\\\ud800\" that is invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_is_invalid_input()
    {
        var text = Valid;
        var at = text.IndexOf("sub-1", StringComparison.Ordinal);
        byte[] payload = [.. Encoding.UTF8.GetBytes(text[..at]), 0xF0, 0x28, 0x8C, 0x28, .. Encoding.UTF8.GetBytes(text[at..])];

        var error = await RejectedAsync(payload);

        Assert.StartsWith("request.userAttributes.sub=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trailing_garbage_is_invalid_input()
        => Assert.StartsWith("event is invalid: expected exactly one JSON value", (await RejectedAsync(Valid + "}")).Message, StringComparison.Ordinal);

    [Fact]
    public async Task A_second_document_is_invalid_input()
        => Assert.StartsWith("event is invalid: expected exactly one JSON value", (await RejectedAsync(Valid + Valid)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("sub", 2044, "request.userAttributes.sub=", "at most 2,043 bytes of UTF-8 (got 2,044)")]
    [InlineData("sub", 5000, "request.userAttributes.sub=", "at most 2,048 characters (got 5,000)")]
    [InlineData("email", 400_000, "request.userAttributes.email=", "at most 2,048 characters (got 400,000)")]
    [InlineData("userName", 129, "userName=", "at most 128 characters (got 129)")]
    [InlineData("userPoolId", 56, "userPoolId=", "at most 55 characters (got 56)")]
    public async Task Over_long_field_is_invalid_input(string field, int length, string named, string expected)
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

        var error = await RejectedAsync(payload);

        Assert.StartsWith(named, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sub_of_multibyte_characters_is_measured_in_bytes()
    {
        // 700 x "€" is 700 characters (within Cognito's 2,048) but 2,100 bytes: no DynamoDB key could hold USER# + it.
        var error = await RejectedAsync(TestEvents.AwsSampleWithSub(new string('€', 700)));

        Assert.EndsWith("at most 2,043 bytes of UTF-8 (got 2,100)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_longest_values_Cognito_allows_are_accepted()
    {
        var handler = new Handler(_store, new JsonLog(_sink, "PostConfirmation"), new EmfMetrics(_sink, "Test", "PostConfirmation"), new FixedTime(DateTimeOffset.UnixEpoch));
        var payload = TestEvents.AwsSampleWithSub(new string('s', ConfirmationEvent.MaxSubBytes), change: node =>
        {
            node["userName"] = new string('u', 128);
            node["userPoolId"] = new string('p', 55);
            node["request"]!["userAttributes"]!["email"] = new string('e', 2048);
        });

        await handler.HandleAsync(new MemoryStream(payload), TestInvocation.Context());

        Assert.Equal(2048, Encoding.UTF8.GetByteCount(Assert.Single(_store.Calls).PartitionKey));
    }
}
