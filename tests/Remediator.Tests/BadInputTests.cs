using System.Text;
using System.Text.Json.Nodes;
using LambdaSuite.Common;
using LambdaSuite.Remediator;
using Remediator.Tests.Fakes;
using Xunit;

namespace Remediator.Tests;

/// <summary>
/// Every class of malformed input, in each of the three payload shapes, is one
/// <see cref="InvalidInputException"/> naming the field, with no lock taken and no ECS call.
/// </summary>
public sealed class BadInputTests
{
    private readonly HandlerHarness _h = new();

    /// <summary>The SNS shape of the same alarm: the alarm JSON as the string Records[0].Sns.Message.</summary>
    private static string Sns(string alarmName = "api-errors", string? rawMessage = null)
    {
        var message = rawMessage ?? new JsonObject
        {
            ["AlarmName"] = alarmName,
            ["NewStateValue"] = "ALARM",
            ["StateChangeTime"] = "2026-11-22T10:00:00.000+0000",
            ["Trigger"] = new JsonObject { ["Dimensions"] = new JsonArray(Dim("ClusterName", "prod"), Dim("ServiceName", "api")) },
        }.ToJsonString();
        return new JsonObject { ["Records"] = new JsonArray(new JsonObject { ["Sns"] = new JsonObject { ["MessageId"] = "m-1", ["Message"] = message } }) }.ToJsonString();
    }

    private static JsonObject Dim(string name, string value) => new() { ["name"] = name, ["value"] = value };

    /// <summary>The alarm-action shape (alarmData).</summary>
    private static string Action(string alarmName = "api-errors") => new JsonObject
    {
        ["source"] = "aws.cloudwatch",
        ["alarmArn"] = "arn:aws:cloudwatch:us-east-1:111111111111:alarm:" + alarmName,
        ["time"] = "2026-11-22T10:00:00.000+0000",
        ["alarmData"] = new JsonObject
        {
            ["alarmName"] = alarmName,
            ["state"] = new JsonObject { ["value"] = "ALARM", ["timestamp"] = "2026-11-22T10:00:00.000+0000" },
            ["configuration"] = new JsonObject
            {
                ["metrics"] = new JsonArray(new JsonObject { ["metricStat"] = new JsonObject { ["metric"] = new JsonObject { ["dimensions"] = new JsonObject { ["ClusterName"] = "prod", ["ServiceName"] = "api" } } } }),
            },
        },
    }.ToJsonString();

    private static readonly string Valid = Events.EventBridge("api-errors", id: "e-1");

    private async Task<InvalidInputException> RejectedAsync(byte[] payload)
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => _h.HandleAsync(payload));
        Assert.Empty(_h.Lock.Calls);
        Assert.Empty(_h.Ecs.Calls);
        Assert.Equal(1, _h.Sink.MetricSum(Remediation.InvalidEvents));
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    private Task<InvalidInputException> RejectedAsync(string payload) => RejectedAsync(Encoding.UTF8.GetBytes(payload));

    private static byte[] WithInvalidUtf8(string json, string replacing)
    {
        var at = json.IndexOf(replacing, StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(json[..at]), 0xE2, 0x28, 0xA1, .. Encoding.UTF8.GetBytes(json[(at + replacing.Length)..])];
    }

    [Fact]
    public async Task The_valid_payloads_here_do_act()
    {
        await _h.InvokeAsync(Valid);

        Assert.Single(_h.Ecs.Stops);
        Assert.Equal("api-errors", Events.Parse(Sns()).AlarmName);
        Assert.Equal("api-errors", Events.Parse(Action()).AlarmName);
    }

    [Theory]
    [InlineData("eventbridge", "detail.alarmName=")]
    [InlineData("action", "alarmData.alarmName=")]
    [InlineData("sns", "Records[0].Sns.Message.AlarmName=")]
    public async Task Lone_surrogate_in_a_value_is_invalid_input(string shape, string field)
    {
        var payload = shape switch
        {
            "eventbridge" => Valid.Replace("\"api-errors\"", "\"api\\ud800\"", StringComparison.Ordinal),
            "action" => Action().Replace("\"alarmName\":\"api-errors\"", "\"alarmName\":\"api\\ud800\"", StringComparison.Ordinal),
            _ => Sns().Replace("\\u0022AlarmName\\u0022:\\u0022api-errors\\u0022", "\\u0022AlarmName\\u0022:\\u0022api\\\\ud800\\u0022", StringComparison.Ordinal),
        };

        var error = await RejectedAsync(payload);

        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
        Assert.Contains("expected Unicode text", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eventbridge", "detail.configuration.metrics[0].metricStat.metric.dimensions has a property name")]
    [InlineData("tags", "detail.alarmTags has a property name")]
    [InlineData("action", "alarmData has a property name")]
    public async Task Lone_surrogate_in_a_property_name_is_invalid_input(string shape, string expected)
    {
        var payload = shape switch
        {
            "eventbridge" => Valid.Replace("\"ServiceName\"", "\"Service\\udc00Name\"", StringComparison.Ordinal),
            "tags" => Events.EventBridge("a", tags: new JsonObject { ["team"] = "x" }).Replace("\"team\"", "\"\\ud800\"", StringComparison.Ordinal),
            _ => Action().Replace("\"alarmName\"", "\"alarm\\ud800Name\"", StringComparison.Ordinal),
        };

        var error = await RejectedAsync(payload);

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_is_invalid_input()
    {
        var error = await RejectedAsync(WithInvalidUtf8(Valid, "errors"));

        Assert.StartsWith("detail.alarmName=", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected Unicode text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trailing_garbage_is_invalid_input()
    {
        var error = await RejectedAsync(Valid + "garbage");

        Assert.StartsWith("event is invalid: expected exactly one JSON value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_document_is_invalid_input()
    {
        var error = await RejectedAsync(Valid + "\n" + Events.EventBridge("other", id: "e-2"));

        Assert.StartsWith("event is invalid: expected exactly one JSON value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trailing_garbage_in_an_SNS_message_is_invalid_input()
    {
        var error = await RejectedAsync(Sns(rawMessage: "{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\"} {\"x\":1}"));

        Assert.StartsWith("Records[0].Sns.Message is invalid: expected exactly one JSON value", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eventbridge", "detail.alarmName=", "at most 255 characters (got 256)")]
    [InlineData("action", "alarmData.alarmName=", "at most 255 characters (got 256)")]
    [InlineData("sns", "Records[0].Sns.Message.AlarmName=", "at most 255 characters (got 256)")]
    [InlineData("dimension", "detail.configuration.metrics[].metricStat.metric.dimensions.ServiceName=", "at most 1,024 characters (got 1,025)")]
    [InlineData("tag", "detail.alarmTags.team=", "at most 256 characters (got 257)")]
    [InlineData("huge name with @", "detail.alarmName=", "at most 255 characters (got 300,000)")]
    public async Task Over_long_field_is_invalid_input(string shape, string field, string expected)
    {
        var name = new string('n', 256);
        var payload = shape switch
        {
            "eventbridge" => Events.EventBridge(name),
            "action" => Action(name),
            "sns" => Sns(name),
            "dimension" => Events.EventBridge("a", service: new string('s', 1025)),
            "tag" => Events.EventBridge("a", tags: new JsonObject { ["team"] = new string('t', 257) }),
            _ => Events.EventBridge(new string('x', 150_000) + "@" + new string('y', 149_999)),
        };

        var error = await RejectedAsync(payload);

        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 300, error.Message);
    }
}
