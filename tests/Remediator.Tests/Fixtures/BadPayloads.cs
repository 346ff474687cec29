using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Remediator.Tests.Fixtures;

/// <summary>
/// Every class of malformed input, in each of the three payload shapes, with what its one-line
/// error must say: how it starts (the field) and a part it must contain or end with.
/// </summary>
internal static class BadPayloads
{
    private static readonly string Valid = Events.EventBridge("api-errors", id: "e-1");
    private static readonly string LongName = new('n', 256);

    private static readonly Dictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        ["lone surrogate in an EventBridge value"] = new(Valid.Replace("\"api-errors\"", "\"api\\ud800\"", StringComparison.Ordinal), "detail.alarmName=", contains: "expected Unicode text"),
        ["lone surrogate in an alarm-action value"] = new(Events.AlarmAction().Replace("\"alarmName\":\"api-errors\"", "\"alarmName\":\"api\\ud800\"", StringComparison.Ordinal), "alarmData.alarmName=", contains: "expected Unicode text"),
        ["lone surrogate in an SNS message value"] = new(
            Events.Sns().Replace("\\u0022AlarmName\\u0022:\\u0022api-errors\\u0022", "\\u0022AlarmName\\u0022:\\u0022api\\\\ud800\\u0022", StringComparison.Ordinal),
            "Records[0].Sns.Message.AlarmName=", contains: "expected Unicode text"),
        ["lone surrogate in a dimension name"] = new(Valid.Replace("\"ServiceName\"", "\"Service\\udc00Name\"", StringComparison.Ordinal), "detail.configuration.metrics[0].metricStat.metric.dimensions has a property name"),
        ["lone surrogate in a tag key"] = new(Events.EventBridge("a", tags: new JsonObject { ["team"] = "x" }).Replace("\"team\"", "\"\\ud800\"", StringComparison.Ordinal), "detail.alarmTags has a property name"),
        ["lone surrogate in an alarm-action property name"] = new(Events.AlarmAction().Replace("\"alarmName\"", "\"alarm\\ud800Name\"", StringComparison.Ordinal), "alarmData has a property name"),
        ["invalid UTF-8"] = new(WithInvalidUtf8(Valid, "errors"), "detail.alarmName=", "expected Unicode text"),
        ["trailing garbage"] = new(Valid + "garbage", "event is invalid: expected exactly one JSON value"),
        ["a second document"] = new(Valid + "\n" + Events.EventBridge("other", id: "e-2"), "event is invalid: expected exactly one JSON value"),
        ["trailing garbage in an SNS message"] = new(Events.Sns(rawMessage: "{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\"} {\"x\":1}"), "Records[0].Sns.Message is invalid: expected exactly one JSON value"),
        ["over-long EventBridge alarm name"] = new(Events.EventBridge(LongName), "detail.alarmName=", ends: "at most 255 characters (got 256)"),
        ["over-long alarm-action alarm name"] = new(Events.AlarmAction(LongName), "alarmData.alarmName=", ends: "at most 255 characters (got 256)"),
        ["over-long SNS alarm name"] = new(Events.Sns(LongName), "Records[0].Sns.Message.AlarmName=", ends: "at most 255 characters (got 256)"),
        ["over-long dimension value"] = new(Events.EventBridge("a", service: new string('s', 1025)),
            "detail.configuration.metrics[].metricStat.metric.dimensions.ServiceName=", ends: "at most 1,024 characters (got 1,025)"),
        ["over-long tag value"] = new(Events.EventBridge("a", tags: new JsonObject { ["team"] = new string('t', 257) }), "detail.alarmTags.team=", ends: "at most 256 characters (got 257)"),
        ["huge alarm name with an @"] = new(Events.EventBridge(new string('x', 150_000) + "@" + new string('y', 149_999)), "detail.alarmName=", ends: "at most 255 characters (got 300,000)"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    public static Case Get(string name) => Cases[name];

    private static byte[] WithInvalidUtf8(string json, string replacing)
    {
        var at = json.IndexOf(replacing, StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(json[..at]), 0xE2, 0x28, 0xA1, .. Encoding.UTF8.GetBytes(json[(at + replacing.Length)..])];
    }

    /// <summary>A bad payload and what its error message must say.</summary>
    internal sealed record Case(byte[] Payload, string Starts, string? Contains = null, string? Ends = null)
    {
        public Case(string payload, string starts, string? contains = null, string? ends = null)
            : this(Encoding.UTF8.GetBytes(payload), starts, contains, ends)
        {
        }

        /// <summary>One line, naming the field, masked and capped however long the input.</summary>
        public void AssertMessage(string message)
        {
            Assert.StartsWith(Starts, message, StringComparison.Ordinal);
            if (Contains is not null)
            {
                Assert.Contains(Contains, message, StringComparison.Ordinal);
            }

            if (Ends is not null)
            {
                Assert.EndsWith(Ends, message, StringComparison.Ordinal);
            }

            Assert.DoesNotContain('\n', message);
            Assert.True(message.Length < 300, message);
        }
    }
}
