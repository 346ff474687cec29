using LambdaSuite.LogShipper.Events;
using LambdaSuite.LogShipper.Model;
using LambdaSuite.LogShipper.Shipping;
using Xunit;
using static LogShipper.Tests.Fixtures.Samples;

namespace LogShipper.Tests.Shipping;

public sealed class KeyMapperTests
{
    [Theory]
    [InlineData("logs/alb/2026/11/22/a.log.gz", "env1/alb/2026/11/22/a.log.gz")]
    [InlineData("logs/café € 📦.gz", "env1/café € 📦.gz")]
    [InlineData("logs/a+b %.gz", "env1/a+b %.gz")]
    public void Destination_key_is_the_destination_prefix_plus_the_key_relative_to_the_source_prefix(string source, string expected)
    {
        Assert.Equal(expected, KeyMapper.DestinationKey(Settings(), source));
    }

    [Theory]
    [InlineData(false, "lambdasuite-access-logs", "logs/a.gz", KeyMapper.Disabled)]
    [InlineData(true, "someone-elses-bucket", "logs/a.gz", KeyMapper.OtherBucket)]
    [InlineData(true, "lambdasuite-access-logs", "logs/folder/", KeyMapper.FolderMarker)]
    [InlineData(true, "lambdasuite-access-logs", "other/a.gz", KeyMapper.OutsideSourcePrefix)]
    [InlineData(true, "lambdasuite-access-logs", "logs/a.gz", null)]
    public void Skip_rules(bool enabled, string bucket, string key, string? reason)
    {
        var settings = Settings(s => s with { Enabled = enabled });

        Assert.Equal(reason, KeyMapper.SkipReason(settings, new ObjectEvent(bucket, key, 1, "e", null, null)));
    }

    [Fact]
    public void A_log_whose_destination_is_the_preflight_canary_is_skipped()
    {
        var settings = Settings();

        Assert.Equal(KeyMapper.PreflightCanary, KeyMapper.SkipReason(settings, new ObjectEvent(settings.SourceBucket, settings.SourcePrefix + "preflight/canary", 1, "e", null, null)));
        Assert.Null(KeyMapper.SkipReason(settings, new ObjectEvent(settings.SourceBucket, settings.SourcePrefix + "preflight/canary.gz", 1, "e", null, null)));
    }

    [Fact]
    public void Runtime_guard_skips_a_copy_that_would_land_in_the_watched_location()
    {
        // Bypasses the init check on purpose: the per-object guard must hold on its own.
        var settings = Settings(s => s with { DestinationBucket = "lambdasuite-access-logs", DestinationPrefix = "logs/again/" });

        Assert.Equal(KeyMapper.RecursionGuard, KeyMapper.SkipReason(settings, new ObjectEvent("lambdasuite-access-logs", "logs/a.gz", 1, "e", null, null)));
    }
}
