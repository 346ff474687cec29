using System.Text;
using System.Text.Json.Nodes;
using LambdaSuite.Remediator;
using LambdaSuite.TestSupport;

namespace Remediator.Tests;

/// <summary>Sample and published payloads, and builders for variations of them.</summary>
internal static class Events
{
    public static string Sample(string name) => File.ReadAllText(RepositoryPaths.Combine("infra", "events", "remediator", name));

    public static string Published(string name) => File.ReadAllText(RepositoryPaths.Combine("tests", "Remediator.Tests", "Fixtures", name));

    public static AlarmEvent Parse(string json) => AlarmEventParser.Parse(Encoding.UTF8.GetBytes(json));

    /// <summary>An EventBridge alarm event for <paramref name="alarm"/> with the given dimensions.</summary>
    /// <remarks>The default time is the start of <see cref="Fakes.ManualClock"/>, so the event is fresh.</remarks>
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

    public static MemoryStream Stream(string json) => new(Encoding.UTF8.GetBytes(json));
}

internal static class Settings
{
    public static RemediatorSettings Create(
        string allowed = "prod/api",
        int minRunning = 2,
        bool dryRun = false,
        Dictionary<string, ServiceTarget>? targets = null,
        TimeSpan? maxEventAge = null) => new()
        {
            LockTableName = "locks",
            ClusterName = "prod",
            MaxEventAge = maxEventAge ?? TimeSpan.FromSeconds(RemediatorSettings.DefaultMaxEventAgeSeconds),
            AllowedServices = allowed.Split(',').Select(a => RemediatorSettings.TryParseTarget(a)!.Value).ToHashSet(),
            MinRunningTasks = minRunning,
            DryRun = dryRun,
            AlarmTargets = targets ?? [],
        };
}
