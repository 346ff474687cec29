using System.Text.Json;
using LambdaSuite.Common.Configuration;
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
    public void Missing_names_the_field() => Assert.Equal("detail.alarmName is missing", InvalidInputException.Missing("detail.alarmName").Message);
}

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
}

public sealed class HandlerOutputTests
{
    [Fact]
    public async Task The_response_stream_starts_at_position_zero()
    {
        var stream = await HandlerOutput.JsonAsync(new Dictionary<string, string> { ["action"] = "stopped" }, TestJsonContext.Default.DictionaryStringString);

        Assert.Equal(0, stream.Position);
        Assert.Equal("""{"action":"stopped"}""", await new StreamReader(stream).ReadToEndAsync());
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TestJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

public sealed class TableNameTests
{
    [Fact]
    public void Table_names_are_required_and_validated()
    {
        Assert.Equal("lambdasuite-users", new EnvironmentReader(new Dictionary<string, string> { ["T"] = "lambdasuite-users" }).GetTableName("T"));
        Assert.Equal("T is required: expected a DynamoDB table name (3-255 characters: A-Z, a-z, 0-9, '_', '.', '-')",
            Assert.Throws<ConfigurationException>(() => new EnvironmentReader(new Dictionary<string, string>()).GetTableName("T")).Message);
        Assert.StartsWith("T=\"users table\" is invalid",
            Assert.Throws<ConfigurationException>(() => new EnvironmentReader(new Dictionary<string, string> { ["T"] = "users table" }).GetTableName("T")).Message, StringComparison.Ordinal);
    }
}
