using System.Text.Json;
using Xunit;

namespace LambdaSuite.Common.Tests;

public sealed class JsonFieldsTests
{
    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void Strings_objects_arrays_and_integers_are_read_by_name()
    {
        var root = Parse("""{"a":"x","o":{"b":"y"},"l":[1],"n":42}""");

        Assert.Equal("x", JsonFields.RequiredString(root, "a"));
        Assert.Equal("y", JsonFields.RequiredString(JsonFields.RequiredObject(root, "o"), "b", "o"));
        Assert.Equal(1, JsonFields.RequiredArray(root, "l").GetArrayLength());
        Assert.Equal(42, JsonFields.OptionalInt64(root, "n"));
    }

    [Fact]
    public void Absent_and_null_optional_fields_are_null()
    {
        var root = Parse("""{"a":null}""");

        Assert.Null(JsonFields.OptionalString(root, "a"));
        Assert.Null(JsonFields.OptionalString(root, "b"));
        Assert.Null(JsonFields.OptionalObject(root, "b"));
    }

    [Fact]
    public void A_missing_required_field_names_its_path()
    {
        var error = Assert.Throws<InvalidInputException>(() => JsonFields.RequiredString(Parse("{}"), "alarmName", "detail"));
        Assert.Equal("detail.alarmName is missing", error.Message);
    }

    [Fact]
    public void A_field_of_the_wrong_type_names_path_and_value()
    {
        var error = Assert.Throws<InvalidInputException>(() => JsonFields.OptionalString(Parse("""{"key":17}"""), "key", "detail.object"));
        Assert.Equal("detail.object.key=\"17\" is invalid: expected a string", error.Message);
    }

    [Fact]
    public void A_non_object_event_is_named_as_the_event()
    {
        var error = Assert.Throws<InvalidInputException>(() => JsonFields.RequiredString(Parse("[1]"), "version"));
        Assert.Equal("event=\"[1]\" is invalid: expected an object", error.Message);
    }

    [Fact]
    public void Lone_surrogate_read_through_the_field_helpers_is_bad_input_not_a_crash()
    {
        var root = Parse("""{"o":{"k":"\ud800"}}""");

        var error = Assert.Throws<InvalidInputException>(() => JsonFields.RequiredString(JsonFields.RequiredObject(root, "o"), "k", "o"));

        Assert.StartsWith("o.k=\"\\ud800\" is invalid: expected Unicode text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lookup_beside_a_lone_surrogate_property_name_is_bad_input_naming_that_name()
    {
        // Looking up "k" compares it with every escaped name, and "\ud800" cannot be unescaped.
        var root = Parse("""{"o":{"k":"v","\ud800x":1}}""");

        var error = Assert.Throws<InvalidInputException>(() => JsonFields.OptionalString(JsonFields.RequiredObject(root, "o"), "k", "o"));

        Assert.StartsWith("o has a property name \"\\ud800x\" that is invalid: expected Unicode text", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"o":"jane.doe\u0040example.com"}""")]
    [InlineData("""{"o":"jane.doe@example\u002ecom"}""")]
    public void An_address_written_with_escapes_in_a_value_shown_raw_is_still_masked(string value)
    {
        var error = Assert.Throws<InvalidInputException>(() => JsonFields.RequiredString(Parse("{\"alarmName\":" + value + "}"), "alarmName", "detail"));

        Assert.DoesNotContain("jane.doe", error.Message, StringComparison.Ordinal);
        Assert.Contains("j***@example.com", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_written_with_escapes_in_a_bad_property_name_is_still_masked()
    {
        var error = Assert.Throws<InvalidInputException>(() => JsonInput.CheckText(Parse("""{"jane.doe\u0040example.com\ud800":1}"""), "detail"));

        Assert.DoesNotContain("jane.doe", error.Message, StringComparison.Ordinal);
        Assert.Contains("j***@example.com", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Over_long_field_is_rejected_naming_the_limit_and_the_length()
    {
        var root = Parse("{\"name\":\"" + new string('a', 256) + "\"}");

        var error = Assert.Throws<InvalidInputException>(() => JsonFields.RequiredString(root, "name", "detail", maxLength: 255));

        Assert.StartsWith("detail.name=\"aaaa", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("\"… is invalid: expected at most 255 characters (got 256)", error.Message, StringComparison.Ordinal);
        Assert.Equal("a", JsonFields.RequiredString(Parse("""{"name":"a"}"""), "name", maxLength: 1));
    }

    [Fact]
    public void Fields_without_a_limit_of_their_own_get_the_default()
    {
        var root = Parse("{\"v\":\"" + new string('b', JsonFields.DefaultMaxLength + 1) + "\"}");

        Assert.Throws<InvalidInputException>(() => JsonFields.OptionalString(root, "v"));
    }

    [Fact]
    public void Text_of_a_non_string_is_a_type_error()
        => Assert.Equal("n=\"42\" is invalid: expected a string", Assert.Throws<InvalidInputException>(() => JsonFields.Text(Parse("""{"n":42}""").GetProperty("n"), "n")).Message);

    [Fact]
    public void Shown_never_throws_on_bytes_that_are_not_utf8()
    {
        using var document = JsonDocument.Parse(new byte[] { (byte)'"', 0xFF, (byte)'"' });

        Assert.Equal("\"\uFFFD\"", JsonFields.Shown(document.RootElement));
    }
}
