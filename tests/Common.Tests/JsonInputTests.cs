using System.Text;
using System.Text.Json;
using Xunit;

namespace LambdaSuite.Common.Tests;

/// <summary>The strict reading path every function's parser shares.</summary>
public sealed class JsonInputTests
{
    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>{"detail":{"alarmName":"a&lt;0xC3 0x28&gt;b"}}: 0xC3 must be followed by a continuation byte.</summary>
    private static byte[] WithInvalidUtf8(string before, string after) => [.. Utf8(before), 0xC3, 0x28, .. Utf8(after)];

    private static InvalidInputException CheckFails(byte[] json)
    {
        using var document = JsonInput.Parse(json, "event");
        return Assert.Throws<InvalidInputException>(() => JsonInput.CheckText(document.RootElement, string.Empty));
    }

    [Fact]
    public void Lone_surrogate_in_a_value_names_the_field()
    {
        var error = CheckFails(Utf8("""{"detail":{"tags":["ok","x\ud800y"]}}"""));

        Assert.Equal("detail.tags[1]=\"x\\ud800y\" is invalid: expected " + JsonInput.UnicodeText, error.Message);
    }

    [Fact]
    public void Lone_surrogate_in_a_property_name_names_the_object()
    {
        var error = CheckFails(Utf8("""{"detail":{"\udc00key":"v"}}"""));

        Assert.StartsWith("detail has a property name \"\\udc00key\" that is invalid: expected Unicode text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_in_a_value_or_a_property_name_is_bad_input()
    {
        Assert.StartsWith("detail.alarmName=\"a\uFFFD(b\" is invalid", CheckFails(WithInvalidUtf8("""{"detail":{"alarmName":"a""", """b"}}""")).Message, StringComparison.Ordinal);
        Assert.StartsWith("detail has a property name", CheckFails(WithInvalidUtf8("""{"detail":{"a""", """b":1}}""")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_text_passes_including_escaped_surrogate_pairs_and_non_ascii()
    {
        using var document = JsonInput.Parse(Utf8("""{"a":"\ud83d\ude00 ✓ jöhn","b":[1,{"c\u00e9":null}],"d":true}"""), "event");

        JsonInput.CheckText(document.RootElement, string.Empty);
        Assert.Equal("😀 ✓ jöhn", JsonFields.RequiredString(document.RootElement, "a"));
    }

    [Theory]
    [InlineData("""{"a":1} x""")]
    [InlineData("""{"a":1}{"a":2}""")]
    [InlineData("""{"a":1}   [1]""")]
    [InlineData("""{"a":1}""" + "\n\"second\"")]
    public void Trailing_garbage_or_a_second_document_is_rejected(string json)
    {
        var error = Assert.Throws<InvalidInputException>(() => JsonInput.Parse(Utf8(json), "event"));

        Assert.StartsWith("event is invalid: expected exactly one JSON value, found more content after it at byte ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Whitespace_after_the_value_and_a_byte_order_mark_are_fine()
    {
        using var document = JsonInput.Parse([.. Encoding.UTF8.Preamble, .. Utf8(" {\"a\":\"b\"} \r\n\t ")], "event");

        Assert.Equal("b", JsonFields.RequiredString(document.RootElement, "a"));
    }

    [Fact]
    public void A_syntax_error_names_the_field_and_the_position_only()
    {
        var error = Assert.Throws<InvalidInputException>(() => JsonInput.Parse("{\"secret\": jane@example.com}", "Records[0].body"));

        Assert.Equal("Records[0].body is invalid: expected JSON (syntax error at line 1, byte 12)", error.Message);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_bad_input()
    {
        var deep = new string('[', JsonInput.MaxDepth + 1) + new string(']', JsonInput.MaxDepth + 1);

        Assert.Throws<InvalidInputException>(() => JsonInput.Parse(Utf8(deep), "event"));
    }

    [Fact]
    public void A_property_name_in_an_error_path_is_shown_on_one_line_and_capped()
    {
        using var control = JsonDocument.Parse("""{"request":{"a\nb":"\ud800"}}""");
        using var huge = JsonDocument.Parse("{\"request\":{\"" + new string('n', 100_000) + "\":\"\\ud800\"}}");

        var oneLine = Assert.Throws<InvalidInputException>(() => JsonInput.CheckText(control.RootElement, string.Empty)).Message;
        var capped = Assert.Throws<InvalidInputException>(() => JsonInput.CheckText(huge.RootElement, string.Empty)).Message;

        Assert.StartsWith("request.a\\u000ab=", oneLine, StringComparison.Ordinal);
        Assert.StartsWith("request." + new string('n', JsonFields.MaxNameInPath - 1) + "…=", capped, StringComparison.Ordinal);
        Assert.True(capped.Length < 1_000, $"{capped.Length} characters");
    }
}
