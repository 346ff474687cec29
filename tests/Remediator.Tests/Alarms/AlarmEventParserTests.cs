using System.Globalization;
using LambdaSuite.Common;
using LambdaSuite.Remediator.Model;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Alarms;

/// <summary>Which of the three payload shapes an event is, and reading the EventBridge and alarm-action shapes.</summary>
public sealed class AlarmEventParserTests
{
    [Fact]
    public void Reads_the_published_EventBridge_single_metric_example()
    {
        var alarm = Events.Parse(Events.Published("eventbridge-cloudwatch-alarm-state-change-single-metric.json"));

        Assert.Equal(AlarmSource.EventBridge, alarm.Source);
        Assert.Equal("ServerCpuTooHigh", alarm.AlarmName);
        Assert.Equal("ALARM", alarm.State);
        Assert.Equal("c4c1c1c9-6542-e61b-6ef0-8c4d36933a92", alarm.EventId);
        Assert.Equal([new("InstanceId", "i-12345678901234567")], alarm.Dimensions);
        Assert.Empty(alarm.Tags);
    }

    [Fact]
    public void Reads_every_metric_of_the_published_metric_math_example()
    {
        var alarm = Events.Parse(Events.Published("eventbridge-cloudwatch-alarm-state-change-metric-math.json"));

        Assert.Equal("TotalNetworkTrafficTooHigh", alarm.AlarmName);
        Assert.Equal("ALARM", alarm.State);
        // m1 and m2 both carry the dimension; the expression e1 has none.
        Assert.Equal(2, alarm.Dimensions.Count(d => d.Key == "InstanceId"));
    }

    [Fact]
    public void Reads_the_published_alarm_action_example()
    {
        var alarm = Events.Parse(Events.Published("cloudwatch-alarm-lambda-action-metric.json"));

        Assert.Equal(AlarmSource.AlarmAction, alarm.Source);
        Assert.Equal("lambda-demo-metric-alarm", alarm.AlarmName);
        Assert.Equal("ALARM", alarm.State);
        Assert.Equal([new("InstanceId", "i-12345678")], alarm.Dimensions);
        Assert.Contains("lambda-demo-metric-alarm", alarm.EventId, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_our_samples_with_their_targets()
    {
        var eb = Events.Parse(Events.Sample("eventbridge-alarm.json"));
        var sns = Events.Parse(Events.Sample("sns-alarm.json"));
        var direct = Events.Parse(Events.Sample("cloudwatch-direct.json"));
        var ok = Events.Parse(Events.Sample("ok-state.json"));

        Assert.Contains(new KeyValuePair<string, string>("ServiceName", "demo-api"), eb.Dimensions);
        Assert.Contains(new KeyValuePair<string, string>("ClusterName", "demo-cluster"), sns.Dimensions);
        Assert.Equal("demo-api", direct.Tags["lambdasuite:service"]);
        Assert.Equal("OK", ok.State);
        Assert.False(ok.IsAlarm);
    }

    [Theory]
    [InlineData("not json", "event is invalid: expected JSON (syntax error at line 1, byte 2)")]
    [InlineData("[1,2]", "event is a JSON Array: expected an object")]
    [InlineData("{\"hello\": 1}", "event has none of \"detail-type\"")]
    [InlineData("{\"detail-type\": \"Object Created\", \"detail\": {}}", "detail-type=\"Object Created\" is invalid: expected \"CloudWatch Alarm State Change\"")]
    [InlineData("{\"detail-type\": \"CloudWatch Alarm State Change\", \"id\": \"1\", \"detail\": {\"state\": {\"value\": \"ALARM\"}}}", "detail.alarmName is missing")]
    [InlineData("{\"detail-type\": \"CloudWatch Alarm State Change\", \"id\": \"1\", \"detail\": {\"alarmName\": \"a\", \"state\": {\"value\": \"ON_FIRE\"}}}", "detail.state.value=\"ON_FIRE\" is invalid")]
    [InlineData("{\"detail-type\": \"CloudWatch Alarm State Change\", \"id\": \"1\", \"detail\": \"x\"}", "detail=\"x\" is invalid: expected an object")]
    [InlineData("{\"source\": \"aws.s3\", \"alarmData\": {}}", "source=\"aws.s3\" is invalid: expected \"aws.cloudwatch\" with alarmData")]
    [InlineData("{\"source\": \"aws.cloudwatch\", \"alarmData\": {\"alarmName\": \"a\"}}", "alarmData.state is missing")]
    public void Malformed_payloads_fail_with_one_line_naming_field_and_value(string json, string expected)
    {
        var error = Assert.Throws<InvalidInputException>(() => Events.Parse(json));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_syntax_error_is_reported_at_its_one_based_line_and_byte()
    {
        var error = Assert.Throws<InvalidInputException>(() => Events.Parse("{\n  \"detail-type\": oops\n}"));

        // Line 2, the 'o' after "  \"detail-type\": " (17 bytes): byte 18, counted from 1 as editors do.
        Assert.Equal("event is invalid: expected JSON (syntax error at line 2, byte 18)", error.Message);
    }
}
