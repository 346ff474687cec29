using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSuite.Common;
using LambdaSuite.Remediator;
using LambdaSuite.TestSupport;
using Remediator.IntegrationTests.Fixtures;
using Xunit;

namespace Remediator.IntegrationTests;

/// <summary>
/// The response a stop and its duplicate give against dynalite and the ECS stand-in, for an alarm
/// of the alarm unit (infra/alarms/ecs-service.yaml): load-balancer metrics only, the service named
/// by the alarm name. This response is what the outcome bus's rule forwards as the notification.
/// </summary>
[Collection(LocalAwsGroup.Name)]
public sealed class OutcomeLocalStackTests(LocalAws aws)
{
    private const string Prefix = "lambdasuite-local-remediate-";

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    /// <summary>The sample alarm of the demo service, moved to this test's service and to now.</summary>
    private static string UnitAlarm(RemediatorStack stack)
    {
        var sample = File.ReadAllText(RepositoryPaths.Combine("infra", "events", "remediator", "eventbridge-service-alarm.json"))
            .Replace("demo-cluster/demo-api/", $"{stack.Cluster}/{stack.Service}/", StringComparison.Ordinal);
        var alarm = JsonNode.Parse(sample)!;
        alarm["time"] = stack.Clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return alarm.ToJsonString();
    }

    [Fact]
    public async Task A_stop_and_a_suppressed_duplicate_each_answer_with_what_they_did()
    {
        using var stack = RemediatorStack.ForNewService(aws, "it", alarmNamePrefix: Prefix);
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        var alarm = UnitAlarm(stack);
        var alarmName = $"{Prefix}{stack.Cluster}/{stack.Service}/target-5xx-rate";

        var stop = await stack.InvokeAsync(alarm, requestId: "11111111-2222-4333-8444-555555555555");
        var duplicate = await stack.InvokeAsync(alarm, requestId: "66666666-7777-4888-9999-000000000000");

        // The stop, checked against what ECS and the lock table hold.
        var victim = Assert.Single(await stack.TasksAsync(), t => t.GetProperty("desiredStatus").GetString() == "STOPPED");
        var item = (await stack.LockItemAsync())!;
        Assert.Equal("stopped", Str(stop, "action"));
        Assert.Equal(alarmName, Str(stop, "alarmName"));
        Assert.Equal(stack.Cluster, Str(stop, "cluster"));
        Assert.Equal(stack.Service, Str(stop, "service"));
        Assert.Equal(Str(victim, "taskArn"), Str(stop, "taskArn"));
        Assert.Equal("UNHEALTHY", Str(stop, "taskHealthStatus"));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds((long)(victim.GetProperty("startedAt").GetDouble() * 1000)), DateTimeOffset.Parse(Str(stop, "taskStartedAt"), CultureInfo.InvariantCulture));
        Assert.Equal(3, stop.GetProperty("runningTasksBefore").GetInt32());
        Assert.Equal(long.Parse(item["expiresAt"].N, CultureInfo.InvariantCulture), DateTimeOffset.Parse(Str(stop, "lockExpiresAt"), CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        Assert.Equal(Str(stop, "eventId"), item["eventId"].S);
        Assert.Equal("11111111-2222-4333-8444-555555555555", Str(stop, "requestId"));
        Assert.False(stop.TryGetProperty("suppressed", out _));
        foreach (var fact in new[] { alarmName, $"service {stack.Service} in cluster {stack.Cluster}", Str(stop, "taskArn"), Str(stop, "lockExpiresAt") })
        {
            Assert.Contains(fact, Str(stop, "summary"), StringComparison.Ordinal);
        }

        Assert.Equal(stack.Links.Alarm(alarmName), Str(stop, "alarmConsoleUrl"));
        Assert.Contains("11111111-2222-4333-8444-555555555555", Str(stop, "logsInsightsUrl"), StringComparison.Ordinal);

        // The duplicate: flagged, so the notification rule drops it; nothing else happened.
        Assert.Equal("skipped", Str(duplicate, "action"));
        Assert.True(duplicate.GetProperty("suppressed").GetBoolean());
        Assert.Equal("66666666-7777-4888-9999-000000000000", Str(duplicate, "requestId"));
        Assert.Contains("A duplicate; nothing was touched.", Str(duplicate, "summary"), StringComparison.Ordinal);
        Assert.False(duplicate.TryGetProperty("taskArn", out _));
        Assert.Equal(1, await stack.EcsCallsAsync("StopTask"));
        Assert.Equal(IsoTime.Format(DateTimeOffset.Parse(Str(stop, "alarmStateChangedAt"), CultureInfo.InvariantCulture)), Str(duplicate, "alarmStateChangedAt"));
    }
}
