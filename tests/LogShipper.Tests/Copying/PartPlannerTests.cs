using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Copying;
using Xunit;

namespace LogShipper.Tests.Copying;

public sealed class PartPlannerTests
{
    [Fact]
    public void Part_plan_covers_every_byte_once_with_a_short_last_part()
    {
        const long mib = LogShipperSettings.MiB;

        var plan = PartPlanner.Plan(12 * mib + 7, 5 * mib);

        Assert.Equal([(1, 0L, 5 * mib - 1), (2, 5 * mib, 10 * mib - 1), (3, 10 * mib, 12 * mib + 6)], plan);
    }

    [Fact]
    public void Part_size_grows_to_stay_within_ten_thousand_parts()
    {
        const long fiveTiB = 5L * 1024 * 1024 * 1024 * 1024;

        var size = PartPlanner.PartSize(fiveTiB, 5 * LogShipperSettings.MiB);

        Assert.True(size > 5 * LogShipperSettings.MiB);
        Assert.Equal(0, size % LogShipperSettings.MiB);
        Assert.True(PartPlanner.Plan(fiveTiB, size).Count <= PartPlanner.MaxParts);
        Assert.Equal(64 * LogShipperSettings.MiB, PartPlanner.PartSize(100 * LogShipperSettings.MiB, 64 * LogShipperSettings.MiB));
    }
}
