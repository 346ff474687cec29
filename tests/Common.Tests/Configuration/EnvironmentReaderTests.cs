using LambdaSuite.Common.Configuration;
using Xunit;

namespace LambdaSuite.Common.Tests.Configuration;

public sealed class EnvironmentReaderTests
{
    private static EnvironmentReader Reader(params (string Key, string Value)[] values)
        => new(values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void A_missing_required_variable_names_it_and_the_expected_form()
    {
        var error = Assert.Throws<ConfigurationException>(() => Reader().Required("LOCK_TABLE_NAME", "a DynamoDB table name"));
        Assert.Equal("LOCK_TABLE_NAME is required: expected a DynamoDB table name", error.Message);
    }

    [Fact]
    public void Blank_values_count_as_absent()
    {
        var reader = Reader(("A", "   "));
        Assert.Null(reader.Get("A"));
        Assert.Equal("fallback", reader.GetString("A", "fallback"));
        Assert.Throws<ConfigurationException>(() => reader.Required("A", "x"));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("FALSE", false)]
    [InlineData("1", true)]
    [InlineData("off", false)]
    public void Booleans_accept_common_spellings(string value, bool expected)
        => Assert.Equal(expected, Reader(("ENABLED", value)).GetBool("ENABLED", !expected));

    [Fact]
    public void A_malformed_boolean_names_variable_value_and_form()
    {
        var error = Assert.Throws<ConfigurationException>(() => Reader(("ENABLED", "maybe")).GetBool("ENABLED", false));
        Assert.Equal("ENABLED=\"maybe\" is invalid: expected true or false", error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("86401")]
    [InlineData("ten")]
    [InlineData("1.5")]
    public void Integers_outside_the_range_or_not_integers_are_rejected(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Reader(("COOLDOWN_SECONDS", value)).GetInteger("COOLDOWN_SECONDS", 600, 1, 86_400));
        Assert.Equal($"COOLDOWN_SECONDS=\"{value}\" is invalid: expected an integer from 1 to 86400", error.Message);
    }

    [Fact]
    public void Integers_in_range_and_defaults()
    {
        Assert.Equal(30, Reader(("N", "30")).GetInteger("N", 1, 1, 100));
        Assert.Equal(7, Reader().GetInteger("N", 7, 1, 100));
        Assert.Equal(5_368_709_120L, Reader(("T", "5368709120")).GetInteger("T", 0L, 0L, long.MaxValue));
    }

    [Theory]
    [InlineData("2147483648")] // one above int.MaxValue: an int setting refuses it instead of wrapping
    [InlineData("-1")]
    public void An_int_setting_refuses_what_only_a_long_could_hold_and_values_below_its_range(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Reader(("N", value)).GetInteger("N", 1, 0, int.MaxValue));

        Assert.Equal($"N=\"{value}\" is invalid: expected an integer from 0 to 2147483647", error.Message);
        Assert.Equal(2_147_483_648L, Reader(("N", "2147483648")).GetInteger("N", 1L, 0L, long.MaxValue));
    }

    [Fact]
    public void Lists_are_trimmed_and_blank_entries_dropped()
        => Assert.Equal(["a/b", "c/d"], Reader(("L", " a/b, ,c/d ,")).GetList("L"));

    [Theory]
    [InlineData("123456789012", true)]
    [InlineData("12345678901", false)]
    [InlineData("12345678901a", false)]
    public void Account_ids_are_twelve_digits(string value, bool valid)
    {
        var reader = Reader(("ACCOUNT", value));
        if (valid)
        {
            Assert.Equal(value, reader.GetAccountId("ACCOUNT"));
        }
        else
        {
            var error = Assert.Throws<ConfigurationException>(() => reader.GetAccountId("ACCOUNT"));
            Assert.Contains("ACCOUNT=\"" + value + "\"", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("customer-log-archive", true)]
    [InlineData("Customer_Bucket", false)]
    [InlineData("ab", false)]
    [InlineData("-bad-start", false)]
    public void Bucket_names_follow_s3_rules(string value, bool valid)
    {
        var reader = Reader(("DESTINATION_BUCKET", value));
        if (valid)
        {
            Assert.Equal(value, reader.GetBucketName("DESTINATION_BUCKET"));
        }
        else
        {
            Assert.Throws<ConfigurationException>(() => reader.GetBucketName("DESTINATION_BUCKET"));
        }
    }

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
