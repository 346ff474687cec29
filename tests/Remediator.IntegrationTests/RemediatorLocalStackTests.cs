using System.Globalization;
using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using LambdaSuite.TestSupport;
using Remediator.IntegrationTests.Fixtures;
using Xunit;

namespace Remediator.IntegrationTests;

/// <summary>
/// The Remediator against dynalite (lock table) and the ECS stand-in (SigV4, real JSON 1.1).
/// Each test seeds its own cluster/service; the collection runs its tests one at a time.
/// </summary>
[Collection(LocalAwsGroup.Name)]
public sealed class RemediatorLocalStackTests(LocalAws aws)
{
    private RemediatorStack Stack(int cooldownSeconds = 600, bool dryRun = false) => RemediatorStack.ForNewService(aws, "it", cooldownSeconds, dryRun);

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static bool IsStopping(JsonElement task) => task.GetProperty("desiredStatus").GetString() == "STOPPED";

    [Fact]
    public async Task Fifty_concurrent_invocations_of_one_alarm_stop_exactly_one_task()
    {
        using var stack = Stack();
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        // Read before the stop: once a stop completes, the stand-in (as ECS) reports its health as UNKNOWN.
        var unhealthy = Str(Assert.Single(await stack.TasksAsync(), t => Str(t, "healthStatus") == "UNHEALTHY"), "taskArn");
        var alarm = stack.Alarm();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => stack.InvokeAsync(alarm))));

        var stopped = Assert.Single(results, r => Str(r, "action") == "stopped");
        Assert.Equal(49, results.Count(r => Str(r, "action") == "skipped"));
        Assert.Equal(1, await stack.EcsCallsAsync("StopTask"));
        Assert.Equal(1, await stack.EcsCallsAsync("ListTasks"));
        Assert.Equal(1, await stack.EcsCallsAsync("DescribeTasks"));
        // 50 acquire attempts; each loser reads the holder once (dynalite returns no item with the
        // condition failure; DynamoDB does, and there a loser makes no read); the winner takes a
        // fleet budget slot, marks the lock and the slot before StopTask and records the outcome on
        // both after it.
        Assert.Equal(51, stack.DynamoCalls.Count("PutItem"));
        Assert.Equal(49, stack.DynamoCalls.Count("GetItem"));
        Assert.Equal(4, stack.DynamoCalls.Count("UpdateItem"));
        Assert.Equal(104, stack.DynamoCalls.Total);

        var tasks = await stack.TasksAsync();
        var victim = Assert.Single(tasks, IsStopping);
        Assert.Equal(unhealthy, Str(victim, "taskArn"));
        Assert.Equal(unhealthy, Str(stopped, "taskArn"));
        Assert.Equal("UNHEALTHY", Str(stopped, "taskHealthStatus"));
        Assert.Contains("it-errors", Str(victim, "stoppedReason"), StringComparison.Ordinal);

        var item = await stack.LockItemAsync();
        Assert.NotNull(item);
        Assert.Equal("COMPLETED", item["status"].S);
        Assert.Equal("stopped", item["outcome"].S);
        Assert.Equal(Str(stopped, "taskArn"), item["taskArn"].S);
        Assert.Equal("it-errors", item["alarmName"].S);
        Assert.Equal(1, stack.Sink.MetricSum(RemediatorMetrics.Performed));
        Assert.Equal(49, stack.Sink.MetricSum(RemediatorMetrics.Suppressed));
    }

    [Fact]
    public async Task A_second_alarm_after_the_cooldown_stops_another_task()
    {
        using var stack = Stack(cooldownSeconds: 60);
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);

        var first = await stack.InvokeAsync(stack.Alarm());
        var during = await stack.InvokeAsync(stack.Alarm("it-latency"));
        stack.Clock.Advance(TimeSpan.FromSeconds(61));
        var after = await stack.InvokeAsync(stack.Alarm("it-latency"));

        Assert.Equal("stopped", Str(first, "action"));
        Assert.Equal("skipped", Str(during, "action"));
        Assert.Equal("stopped", Str(after, "action"));
        Assert.NotEqual(Str(first, "taskArn"), Str(after, "taskArn"));
        Assert.Equal(2, await stack.EcsCallsAsync("StopTask"));
        Assert.Equal("it-latency", (await stack.LockItemAsync())!["alarmName"].S);
    }

    [Fact]
    public async Task The_lock_frees_exactly_at_the_lockExpiresAt_that_the_stop_and_a_duplicate_report()
    {
        using var stack = Stack(cooldownSeconds: 60);
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        // A quarter of a second past a whole second: the cooldown ends between two of expiresAt's seconds.
        var now = stack.Clock.GetUtcNow();
        stack.Clock.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - (now.UtcTicks % TimeSpan.TicksPerSecond)) + TimeSpan.FromMilliseconds(250));
        var stoppedAt = stack.Clock.GetUtcNow();

        var first = await stack.InvokeAsync(stack.Alarm());
        var duplicate = await stack.InvokeAsync(stack.Alarm("it-latency"));
        var expires = DateTimeOffset.Parse(Str(first, "lockExpiresAt"), CultureInfo.InvariantCulture);
        stack.Clock.SetUtcNow(expires.AddMilliseconds(-1));
        var justBefore = await stack.InvokeAsync(stack.Alarm("it-latency"));
        stack.Clock.SetUtcNow(expires);
        var at = await stack.InvokeAsync(stack.Alarm("it-latency"));

        Assert.Equal(stoppedAt.AddSeconds(60.75), expires); // rounded up to the second, never shorter than the cooldown
        Assert.Equal(Str(first, "lockExpiresAt"), Str(duplicate, "lockExpiresAt"));
        Assert.Equal(("skipped", "stopped"), (Str(justBefore, "action"), Str(at, "action")));
    }

    [Fact]
    public async Task The_guard_keeps_the_last_task()
    {
        using var stack = Stack();
        await stack.SeedAsync(("UNHEALTHY", 60));

        var result = await stack.InvokeAsync(stack.Alarm());

        Assert.Equal("skipped", Str(result, "action"));
        Assert.StartsWith("guard:", Str(result, "reason"), StringComparison.Ordinal);
        Assert.Equal(0, await stack.EcsCallsAsync("StopTask"));
        Assert.DoesNotContain(await stack.TasksAsync(), IsStopping);
        var item = await stack.LockItemAsync();
        Assert.Equal("nothing-to-stop", item!["outcome"].S);
        Assert.True(long.Parse(item["expiresAt"].N, System.Globalization.CultureInfo.InvariantCulture) < stack.Clock.GetUtcNow().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_service_outside_the_allow_list_is_refused_without_any_call()
    {
        using var stack = Stack();
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);

        var result = await stack.InvokeAsync(stack.Alarm(service: "not-allowed"));

        Assert.Equal("refused", Str(result, "action"));
        Assert.Equal(0, await stack.EcsCallsTotalAsync());
        Assert.Equal(0, stack.DynamoCalls.Total);
        Assert.Equal(1, stack.Sink.MetricSum(RemediatorMetrics.Refused));
    }

    [Fact]
    public async Task An_OK_state_is_ignored_without_any_call()
    {
        using var stack = Stack();
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);

        var result = await stack.InvokeAsync(stack.Alarm(state: "OK"));

        Assert.Equal("ignored", Str(result, "action"));
        Assert.Equal(0, await stack.EcsCallsTotalAsync());
        Assert.Equal(0, stack.DynamoCalls.Total);
    }

    [Fact]
    public async Task Dry_run_stops_nothing()
    {
        using var stack = Stack(dryRun: true);
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);

        var result = await stack.InvokeAsync(stack.Alarm());

        Assert.Equal("dry-run", Str(result, "action"));
        Assert.Equal(0, await stack.EcsCallsAsync("StopTask"));
        Assert.Equal(1, await stack.EcsCallsAsync("DescribeTasks"));
        Assert.DoesNotContain(await stack.TasksAsync(), IsStopping);
        var item = await stack.LockItemAsync();
        Assert.Equal("dry-run", item!["outcome"].S);
        Assert.Equal(Str(result, "taskArn"), item["taskArn"].S);
    }

    [Fact]
    public async Task A_failure_before_StopTask_releases_the_lock_so_a_retry_acts()
    {
        using var stack = Stack();
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        await aws.EcsFaultAsync("""{"operation":"DescribeTasks","status":400,"type":"InvalidParameterException","count":1}""");
        var alarm = stack.Alarm();

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => stack.InvokeAsync(alarm));

        Assert.StartsWith($"ECS DescribeTasks for {stack.Cluster}/{stack.Service} failed:", error.Message, StringComparison.Ordinal);
        Assert.Null(await stack.LockItemAsync());
        Assert.Equal(1, stack.DynamoCalls.Count("DeleteItem"));
        Assert.Equal(0, await stack.EcsCallsAsync("StopTask"));

        var retry = await stack.InvokeAsync(alarm);

        Assert.Equal("stopped", Str(retry, "action"));
        Assert.Equal(1, await stack.EcsCallsAsync("StopTask"));
        Assert.Single(await stack.TasksAsync(), IsStopping);
    }

    [Fact]
    public async Task A_StopTask_that_ECS_rejects_frees_the_lock_so_a_retry_acts()
    {
        using var stack = Stack();
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        await aws.EcsFaultAsync("""{"operation":"StopTask","status":400,"type":"AccessDeniedException","count":1}""");
        var alarm = stack.Alarm();

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => stack.InvokeAsync(alarm));

        Assert.Contains("was rejected (nothing stopped, lock freed)", error.Message, StringComparison.Ordinal);
        var item = await stack.LockItemAsync();
        Assert.Equal("stop-rejected", item!["outcome"].S);
        Assert.DoesNotContain(await stack.TasksAsync(), IsStopping);

        var retry = await stack.InvokeAsync(alarm);

        Assert.Equal("stopped", Str(retry, "action"));
        Assert.Single(await stack.TasksAsync(), IsStopping);
    }

    [Fact]
    public async Task A_StopTask_that_fails_with_a_server_error_keeps_the_lock()
    {
        using var stack = Stack();
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        await aws.EcsFaultAsync("""{"operation":"StopTask","status":500,"type":"ServerException","count":10}""");
        var alarm = stack.Alarm();

        await Assert.ThrowsAsync<RemediationFailedException>(() => stack.InvokeAsync(alarm));
        var retry = await stack.InvokeAsync(alarm);

        Assert.Equal("skipped", Str(retry, "action"));
        Assert.Equal("stop-failed", (await stack.LockItemAsync())!["outcome"].S);
    }

    [Fact]
    public async Task A_stale_alarm_touches_nothing()
    {
        using var stack = Stack();
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        var alarm = stack.Alarm();
        stack.Clock.Advance(TimeSpan.FromHours(1));

        var result = await stack.InvokeAsync(alarm);

        Assert.Equal("ignored", Str(result, "action"));
        Assert.StartsWith("event is ", Str(result, "reason"), StringComparison.Ordinal);
        Assert.Equal(0, await stack.EcsCallsTotalAsync());
        Assert.Equal(0, stack.DynamoCalls.Total);
    }

    [Theory]
    [InlineData("{\"detail-type\": \"CloudWatch Alarm State Change\", \"id\": \"x\", \"detail\": {\"state\": {\"value\": \"ALARM\"}}}", "detail.alarmName is missing")]
    [InlineData("{\"Records\": [{\"Sns\": {\"Message\": \"not json\"}}]}", "Records[0].Sns.Message is invalid: expected JSON")]
    [InlineData("{]", "event is invalid: expected JSON")]
    public async Task Malformed_payloads_give_a_clear_error_and_touch_nothing(string json, string expected)
    {
        using var stack = Stack();
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => stack.InvokeAsync(json));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await stack.EcsCallsTotalAsync());
        Assert.Equal(0, stack.DynamoCalls.Total);
    }
}
