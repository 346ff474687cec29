using LambdaSuite.Common;
using LambdaSuite.Remediator.Model;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Alarms;

/// <summary>The SNS shape: one record whose Message is the alarm JSON as a string.</summary>
public sealed class SnsAlarmParserTests
{
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

    [Theory]
    [InlineData("{\"Records\": []}", "Records has 0 records: expected exactly one SNS record")]
    [InlineData("{\"Records\": [{\"Sns\": {\"Message\": \"hello\"}}]}", "Records[0].Sns.Message is invalid: expected JSON (syntax error at line 1, byte ")]
    [InlineData("{\"Records\": [{\"Sns\": {\"Message\": \"{\\\"AlarmName\\\": \\\"a\\\"}\"}}]}", "Records[0].Sns.Message.NewStateValue is missing")]
    [InlineData("{\"Records\": [{\"Sns\": {\"Message\": \"{\\\"AlarmName\\\": \\\"a\\\", \\\"NewStateValue\\\": \\\"ALARM\\\", \\\"StateChangeTime\\\": \\\"2026-11-22T10:00:00.000+0000\\\", \\\"Trigger\\\": {\\\"Dimensions\\\": [{\\\"name\\\": \\\"ClusterName\\\"}]}}\"}}]}", "Records[0].Sns.Message.Trigger.Dimensions[0]=\"{\\\"name\\\": \\\"ClusterName\\\"}\" is invalid")]
    public void A_malformed_SNS_notification_fails_with_one_line_naming_field_and_value(string json, string expected)
    {
        var error = Assert.Throws<InvalidInputException>(() => Events.Parse(json));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static string MetricMath(string metric)
        => new System.Text.Json.Nodes.JsonObject
        {
            ["Records"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["Sns"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["Message"] = "{\"AlarmName\": \"a\", \"NewStateValue\": \"ALARM\", \"StateChangeTime\": \"2026-11-22T10:00:00.000+0000\", "
                        + "\"Trigger\": {\"Metrics\": [{\"MetricStat\": {\"Metric\": " + metric + "}}]}}",
                },
            }),
        }.ToJsonString();

    [Fact]
    public void A_metric_math_entry_whose_Metric_is_null_is_read_as_no_dimensions()
        => Assert.Empty(Events.Parse(MetricMath("null")).Dimensions);

    [Fact]
    public void A_metric_math_entry_whose_Metric_is_not_an_object_is_bad_input()
    {
        var error = Assert.Throws<InvalidInputException>(() => Events.Parse(MetricMath("5")));

        Assert.Equal("Records[0].Sns.Message.Trigger.Metrics[].MetricStat.Metric=\"5\" is invalid: expected an object", error.Message);
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
