using System.Text;
using System.Text.Json;
using LambdaSuite.Common.Logging;
using Xunit;

namespace LambdaSuite.Common.Tests.Logging;

public sealed class JsonValueWriterTests
{
    private static string Written(object? value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            JsonValueWriter.Write(json, value);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public void Numbers_and_booleans_stay_json_numbers_and_booleans()
    {
        Assert.Equal("42", Written(42));
        Assert.Equal("5368709120", Written(5_368_709_120L));
        Assert.Equal("1.5", Written(1.5));
        Assert.Equal("2.25", Written(2.25m));
        Assert.Equal("true", Written(true));
        Assert.Equal("null", Written(null));
    }

    [Fact]
    public void A_non_finite_double_becomes_a_string_instead_of_invalid_json()
        => Assert.Equal("\"NaN\"", Written(double.NaN));

    [Fact]
    public void Times_are_iso_utc_and_durations_milliseconds()
    {
        Assert.Equal("\"2026-11-22T08:30:15.123Z\"", Written(new DateTimeOffset(2026, 11, 22, 10, 30, 15, 123, TimeSpan.FromHours(2))));
        Assert.Equal("\"2026-11-22T08:30:15.000Z\"", Written(new DateTime(2026, 11, 22, 8, 30, 15, DateTimeKind.Utc)));
        Assert.Equal("1500.25", Written(TimeSpan.FromMilliseconds(1500.25)));
    }

    [Fact]
    public void Maps_and_sequences_nest_and_every_string_in_them_is_masked()
    {
        var value = new Dictionary<string, object?> { ["to"] = new[] { "jane.doe@example.com" }, ["n"] = 1 };

        Assert.Equal("""{"to":["j***@example.com"],"n":1}""", Written(value));
    }

    [Fact]
    public void Other_values_are_their_invariant_text_masked()
    {
        Assert.Equal("\"3fa85f64-5717-4562-b3fc-2c963f66afa6\"", Written(Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6")));
        Assert.Equal("\"mailto:j***@example.com\"", Written(new Uri("mailto:jane@example.com")));
    }
}
