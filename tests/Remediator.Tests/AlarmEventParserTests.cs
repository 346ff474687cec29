using System.Globalization;
using LambdaSuite.Common;
using LambdaSuite.Remediator;
using Xunit;

namespace Remediator.Tests;

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
    public void Reads_the_published_SNS_alarm_notification()
    {
        var alarm = Events.Parse(Events.Published("sns-cloudwatch-alarm-notification.json"));

        Assert.Equal(AlarmSource.Sns, alarm.Source);
        Assert.Equal("EXAMPLE", alarm.AlarmName);
        Assert.Equal("ALARM", alarm.State);
        Assert.Equal("95df01b4-ee98-5cb9-9903-4c221d41eb5e", alarm.EventId);
        Assert.Equal([new("InstanceId", "TestInstance")], alarm.Dimensions);
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
    [InlineData("{\"Records\": []}", "Records has 0 records: expected exactly one SNS record")]
    [InlineData("{\"Records\": [{\"Sns\": {\"Message\": \"hello\"}}]}", "Records[0].Sns.Message is invalid: expected JSON (syntax error at line 1, byte ")]
    [InlineData("{\"Records\": [{\"Sns\": {\"Message\": \"{\\\"AlarmName\\\": \\\"a\\\"}\"}}]}", "Records[0].Sns.Message.NewStateValue is missing")]
    [InlineData("{\"Records\": [{\"Sns\": {\"Message\": \"{\\\"AlarmName\\\": \\\"a\\\", \\\"NewStateValue\\\": \\\"ALARM\\\", \\\"StateChangeTime\\\": \\\"2026-11-22T10:00:00.000+0000\\\", \\\"Trigger\\\": {\\\"Dimensions\\\": [{\\\"name\\\": \\\"ClusterName\\\"}]}}\"}}]}", "Records[0].Sns.Message.Trigger.Dimensions[0]=\"{\\\"name\\\": \\\"ClusterName\\\"}\" is invalid")]
    public void Malformed_payloads_fail_with_one_line_naming_field_and_value(string json, string expected)
    {
        var error = Assert.Throws<InvalidInputException>(() => Events.Parse(json));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
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

    [Fact]
    public void Raw_SNS_text_in_an_error_is_masked_and_capped()
    {
        var text = "contact jane.doe@example.com " + new string('x', 500);
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["Records"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["Sns"] = new System.Text.Json.Nodes.JsonObject { ["Message"] = text } }),
        }.ToJsonString();

        var message = Assert.Throws<InvalidInputException>(() => Events.Parse(json)).Message;

        Assert.DoesNotContain("jane.doe@example.com", message, StringComparison.Ordinal);
        Assert.True(message.Length < 220, message);
    }
}
