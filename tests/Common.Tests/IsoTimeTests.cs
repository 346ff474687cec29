using Xunit;

namespace LambdaSuite.Common.Tests;

public sealed class IsoTimeTests
{
    [Fact]
    public void Times_are_written_in_utc_with_milliseconds_whatever_their_offset()
        => Assert.Equal("2026-11-22T08:30:15.123Z", IsoTime.Format(new DateTimeOffset(2026, 11, 22, 10, 30, 15, 123, TimeSpan.FromHours(2))));
}
