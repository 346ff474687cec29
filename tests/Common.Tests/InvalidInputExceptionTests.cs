using Xunit;

namespace LambdaSuite.Common.Tests;

public sealed class InvalidInputExceptionTests
{
    [Fact]
    public void Names_field_and_value_in_one_line()
        => Assert.Equal("detail.state.value=\"MAYBE\" is invalid: expected ALARM, OK or INSUFFICIENT_DATA",
            InvalidInputException.Invalid("detail.state.value", "MAYBE", "ALARM, OK or INSUFFICIENT_DATA").Message);

    [Fact]
    public void Values_are_masked_escaped_and_capped()
    {
        var message = InvalidInputException.Invalid("request.userAttributes.sub", "jane@example.com\n" + new string('x', 300), "a UUID").Message;

        Assert.DoesNotContain("jane@example.com", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.StartsWith("request.userAttributes.sub=\"j***@example.com\\u000axxx", message, StringComparison.Ordinal);
        Assert.Contains("\"… is invalid", message, StringComparison.Ordinal);
        Assert.True(message.Count(c => c == 'x') < 100, message); // the value is capped at 100 characters
    }

    [Fact]
    public void A_value_capped_across_an_emoji_keeps_no_half_of_it()
    {
        var value = new string('a', 99) + "\U0001F600" + new string('b', 30);

        var message = InvalidInputException.Invalid("request.userName", value, "at most 128 characters").Message;

        Assert.StartsWith("request.userName=\"" + new string('a', 99) + "\"…", message, StringComparison.Ordinal);
        Assert.DoesNotContain(message, char.IsSurrogate);
    }

    [Fact]
    public void Missing_names_the_field() => Assert.Equal("detail.alarmName is missing", InvalidInputException.Missing("detail.alarmName").Message);
}
