using System.Text.Json;
using LambdaSuite.Remediator.Aws.Ecs;
using Xunit;

namespace Remediator.Tests.Aws.Ecs;

/// <summary>ECS's JSON 1.1 times: epoch seconds with a fraction (or, leniently, an ISO string).</summary>
public sealed class EpochSecondsConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new EpochSecondsConverter() } };

    [Theory]
    [InlineData("1763800001.25", 1_763_800_001_250L)]
    [InlineData("1763800001", 1_763_800_001_000L)]
    [InlineData("\"2025-11-22T08:26:41.25Z\"", 1_763_800_001_250L)]
    public void Reads_epoch_seconds_and_ISO_strings(string json, long expectedMs)
        => Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expectedMs), JsonSerializer.Deserialize<DateTimeOffset?>(json, Options));

    [Fact]
    public void Null_reads_as_absent() => Assert.Null(JsonSerializer.Deserialize<DateTimeOffset?>("null", Options));

    [Fact]
    public void Anything_else_is_a_JSON_error()
        => Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DateTimeOffset?>("true", Options));

    [Fact]
    public void Writes_epoch_seconds_with_milliseconds()
        => Assert.Equal("1763800001.25", JsonSerializer.Serialize<DateTimeOffset?>(DateTimeOffset.FromUnixTimeMilliseconds(1_763_800_001_250), Options));
}
