using System.Text;
using System.Text.Json.Nodes;
using LambdaSuite.Remediator.Alarms;
using LambdaSuite.Remediator.Model;
using LambdaSuite.TestSupport;

namespace Remediator.Tests.Fixtures;

/// <summary>Sample and published payloads, and builders for variations of the three alarm shapes.</summary>
internal static class Events
{
    public static string Sample(string name) => File.ReadAllText(RepositoryPaths.Combine("infra", "events", "remediator", name));

    public static string Published(string name) => File.ReadAllText(RepositoryPaths.Combine("tests", "Remediator.Tests", "Fixtures", name));

    public static AlarmEvent Parse(string json) => AlarmEventParser.Parse(Encoding.UTF8.GetBytes(json));

    public static MemoryStream Stream(string json) => new(Encoding.UTF8.GetBytes(json));

    /// <summary>An EventBridge alarm event for <paramref name="alarm"/> with the given dimensions.</summary>
    /// <remarks>The default time is the start of the test clocks (10:00 UTC), so the event is fresh.</remarks>
    public static string EventBridge(string alarm, string state = "ALARM", string? cluster = "prod", string? service = "api", JsonObject? tags = null, string? id = null,
        string time = "2026-11-22T10:00:00Z")
    {
        var dimensions = new JsonObject();
        if (cluster is not null)
        {
            dimensions["ClusterName"] = cluster;
        }

        if (service is not null)
        {
            dimensions["ServiceName"] = service;
        }

        var detail = new JsonObject
        {
            ["alarmName"] = alarm,
            ["state"] = new JsonObject { ["value"] = state, ["timestamp"] = "2026-11-22T10:00:00.000+0000" },
            ["configuration"] = new JsonObject
            {
                ["metrics"] = new JsonArray(new JsonObject
                {
                    ["id"] = "m1",
                    ["metricStat"] = new JsonObject { ["metric"] = new JsonObject { ["namespace"] = "X", ["name"] = "Errors", ["dimensions"] = dimensions } },
                }),
            },
        };
        if (tags is not null)
        {
            detail["alarmTags"] = tags;
        }

        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = id ?? Guid.NewGuid().ToString(),
            ["detail-type"] = "CloudWatch Alarm State Change",
            ["source"] = "aws.cloudwatch",
            ["time"] = time,
            ["detail"] = detail,
        }.ToJsonString();
    }

    /// <summary>The alarm's own Lambda action (<c>alarmData</c>) for prod/api.</summary>
    public static string AlarmAction(string alarmName = "api-errors") => new JsonObject
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

    /// <summary>The SNS shape: the alarm JSON (for prod/api, or <paramref name="rawMessage"/> as given) as the string Records[0].Sns.Message.</summary>
    public static string Sns(string alarmName = "api-errors", string? rawMessage = null)
    {
        var message = rawMessage ?? new JsonObject
        {
            ["AlarmName"] = alarmName,
            ["NewStateValue"] = "ALARM",
            ["StateChangeTime"] = "2026-11-22T10:00:00.000+0000",
            ["Trigger"] = new JsonObject { ["Dimensions"] = new JsonArray(Dimension("ClusterName", "prod"), Dimension("ServiceName", "api")) },
        }.ToJsonString();
        return new JsonObject { ["Records"] = new JsonArray(new JsonObject { ["Sns"] = new JsonObject { ["MessageId"] = "m-1", ["Message"] = message } }) }.ToJsonString();
    }

    private static JsonObject Dimension(string name, string value) => new() { ["name"] = name, ["value"] = value };
}
