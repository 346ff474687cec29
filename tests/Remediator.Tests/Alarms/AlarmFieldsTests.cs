using System.Globalization;
using LambdaSuite.Common;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Alarms;

/// <summary>The field rules every shape shares: times, tags, dimensions.</summary>
public sealed class AlarmFieldsTests
{
    [Fact]
    public void Accepts_tags_as_a_list_of_key_value_objects()
    {
        var json = Events.Sample("cloudwatch-direct.json").Replace(
            "\"alarmTags\": { \"lambdasuite:cluster\": \"demo-cluster\", \"lambdasuite:service\": \"demo-api\", \"team\": \"payments\" }",
            "\"alarmTags\": [{\"key\": \"lambdasuite:cluster\", \"value\": \"c\"}, {\"Key\": \"lambdasuite:service\", \"Value\": \"s\"}]",
            StringComparison.Ordinal);

        var alarm = Events.Parse(json);

        Assert.Equal("c", alarm.Tags["lambdasuite:cluster"]);
        Assert.Equal("s", alarm.Tags["lambdasuite:service"]);
    }

    [Fact]
    public void A_dimension_value_that_is_not_a_string_is_named_with_its_path()
    {
        var json = Events.EventBridge("a").Replace("\"ClusterName\":\"prod\"", "\"ClusterName\":42", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidInputException>(() => Events.Parse(json));

        Assert.Equal("detail.configuration.metrics[].metricStat.metric.dimensions.ClusterName=\"42\" is invalid: expected a string", error.Message);
    }

    [Fact]
    public void Each_shape_reads_the_event_time()
    {
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T10:15:00Z", CultureInfo.InvariantCulture), Events.Parse(Events.Sample("eventbridge-alarm.json")).Time);
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T10:15:00.490Z", CultureInfo.InvariantCulture), Events.Parse(Events.Sample("cloudwatch-direct.json")).Time);
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T10:15:00.123Z", CultureInfo.InvariantCulture), Events.Parse(Events.Sample("sns-alarm.json")).Time);
    }

    [Fact]
    public void Without_a_top_level_time_the_state_timestamp_is_used()
    {
        var json = Events.EventBridge("a").Replace("\"time\":\"2026-11-22T10:00:00Z\",", string.Empty, StringComparison.Ordinal);

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero), Events.Parse(json).Time);
    }

    [Fact]
    public void A_time_that_is_not_ISO_8601_is_named()
    {
        var error = Assert.Throws<InvalidInputException>(() => Events.Parse(Events.EventBridge("a", time: "yesterday")));

        Assert.StartsWith("time=\"yesterday\" is invalid: expected an ISO 8601 time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_without_any_time_is_invalid()
    {
        var json = """{"source": "aws.cloudwatch", "alarmData": {"alarmName": "a", "state": {"value": "ALARM"}}}""";

        Assert.Equal("time is missing", Assert.Throws<InvalidInputException>(() => Events.Parse(json)).Message);
    }
}
