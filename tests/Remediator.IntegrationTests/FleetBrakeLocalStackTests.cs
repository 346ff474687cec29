using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using LambdaSuite.TestSupport;
using Remediator.IntegrationTests.Fixtures;
using Xunit;

namespace Remediator.IntegrationTests;

/// <summary>
/// The fleet brake against dynalite and the ECS stand-in: a platform-wide incident (every service's
/// alarms at once) gets a few stops, not one per service, and one notification; a slot of an
/// invocation that died before StopTask frees at that invocation's deadline.
/// </summary>
[Collection(LocalAwsGroup.Name)]
public sealed class FleetBrakeLocalStackTests(LocalAws aws)
{
    private const int Services = 10;
    private const int AlarmsPerService = 3;

    /// <summary>One invocation: TestInvocation's 30 s to Lambda's deadline.</summary>
    private static readonly TimeSpan Invocation = TimeSpan.FromSeconds(30);

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static int LogLines(RemediatorStack stack, string message)
        => stack.Sink.Json().Count(l => l.TryGetProperty("message", out var m) && m.GetString() == message);

    /// <summary>30 alarms at once: three alarms of each of the ten services, all concurrent.</summary>
    private static async Task<JsonElement[]> StormAsync(RemediatorStack stack)
    {
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        var alarms = stack.Services.SelectMany(service => Enumerable.Range(0, AlarmsPerService).Select(i => stack.Alarm($"{service}-alarm-{i}", service: service))).ToList();
        Assert.Equal(30, alarms.Count);
        return await Task.WhenAll(alarms.Select(alarm => Task.Run(() => stack.InvokeAsync(alarm))));
    }

    [Fact]
    public async Task A_storm_of_30_alarms_across_10_services_stops_FleetMaxStops_tasks_in_different_services_and_notifies_once()
    {
        using var stack = RemediatorStack.ForNewFleet(aws, "storm", Services, fleetMaxStops: 3);

        var results = await StormAsync(stack);

        var stopped = await stack.StoppedPerServiceAsync();
        Assert.Equal(3, stopped.Values.Sum());
        Assert.All(stopped.Values, n => Assert.InRange(n, 0, 1)); // each stop in a different service
        Assert.Equal(3, await stack.EcsCallsAsync("StopTask"));
        var stops = results.Where(r => Str(r, "action") == "stopped").ToList();
        Assert.Equal(stopped.Where(s => s.Value == 1).Select(s => s.Key).Order(), stops.Select(r => Str(r, "service")).Order());
        // Every other invocation says why it stopped nothing: the brake, or its service's lock.
        Assert.All(results.Except(stops), r => Assert.True(Str(r, "action") is "held" or "skipped"));
        Assert.All(results.Where(r => Str(r, "action") == "skipped"), r => Assert.True(r.GetProperty("suppressed").GetBoolean()));
        var held = results.Where(r => Str(r, "action") == "held").ToList();
        Assert.NotEmpty(held);
        Assert.All(held, r => Assert.Equal((3, 600), (r.GetProperty("fleetMaxStops").GetInt32(), r.GetProperty("fleetWindowSeconds").GetInt32())));
        // Each of the seven services left without a stop had at least one alarm held by the brake.
        Assert.Equal(stopped.Where(s => s.Value == 0).Select(s => s.Key).Order(), held.Select(r => Str(r, "service")).Distinct().Order());
        var first = Assert.Single(results, r => r.TryGetProperty("firstHeld", out var f) && f.GetBoolean());
        Assert.Equal("held", Str(first, "action"));
        Assert.StartsWith("Fleet brake engaged:", Str(first, "summary"), StringComparison.Ordinal);
        Assert.Equal(held.Count, stack.Sink.MetricSum(RemediatorMetrics.FleetBrakeEngaged));
        Assert.Equal(held.Count, LogLines(stack, FleetLogMessages.Held));

        // The three slots hold the stops; the held services' locks were given back.
        for (var i = 0; i < 3; i++)
        {
            var slot = (await stack.ItemAsync($"FLEET#{stack.Cluster}#SLOT#{i}"))!;
            Assert.Equal(("COMPLETED", "stopped"), (slot["status"].S, slot["outcome"].S));
        }

        Assert.Null(await stack.ItemAsync($"FLEET#{stack.Cluster}#SLOT#3"));
        foreach (var service in held.Select(r => Str(r, "service")).Distinct())
        {
            var item = (await stack.ItemAsync($"LOCK#{stack.Cluster}#{service}"))!;
            Assert.Equal("held", item["outcome"].S);
            Assert.True(long.Parse(item["expiresAt"].N, CultureInfo.InvariantCulture) < stack.Clock.GetUtcNow().ToUnixTimeSeconds());
        }
    }

    [Fact]
    public async Task With_the_brake_off_the_same_storm_stops_one_task_per_service()
    {
        using var stack = RemediatorStack.ForNewFleet(aws, "storm-off", Services, fleetMaxStops: 0);

        var results = await StormAsync(stack);

        var stopped = await stack.StoppedPerServiceAsync();
        Assert.Equal(Services, stopped.Count);
        Assert.All(stopped.Values, n => Assert.Equal(1, n));
        Assert.Equal(10, results.Count(r => Str(r, "action") == "stopped"));
        Assert.Equal(20, results.Count(r => Str(r, "action") == "skipped"));
        Assert.DoesNotContain(results, r => Str(r, "action") == "held");
        Assert.Null(await stack.ItemAsync($"FLEET#{stack.Cluster}#SLOT#0"));
    }

    [Fact]
    public async Task After_the_window_the_brake_releases_and_a_new_engagement_is_notified_again()
    {
        using var stack = RemediatorStack.ForNewFleet(aws, "window", 3, fleetMaxStops: 1);
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);

        var stop = await stack.InvokeAsync(stack.Alarm(service: "svc-0"));
        var held = await stack.InvokeAsync(stack.Alarm(service: "svc-1"));
        stack.Clock.SetUtcNow(DateTimeOffset.Parse(Str(held, "fleetBrakeReleasesAt"), CultureInfo.InvariantCulture));
        var afterWindow = await stack.InvokeAsync(stack.Alarm(service: "svc-1"));
        var heldAgain = await stack.InvokeAsync(stack.Alarm(service: "svc-2"));

        Assert.Equal(("stopped", "held", "stopped", "held"), (Str(stop, "action"), Str(held, "action"), Str(afterWindow, "action"), Str(heldAgain, "action")));
        Assert.True(held.GetProperty("firstHeld").GetBoolean());
        Assert.True(heldAgain.GetProperty("firstHeld").GetBoolean());
        // The slot's window counts from the mark before StopTask, as the lock's cooldown does.
        Assert.Equal(Str(stop, "lockExpiresAt"), Str(held, "fleetBrakeReleasesAt"));
    }

    [Fact]
    public async Task A_slot_given_back_early_ends_the_engagement_and_the_next_one_is_notified_again()
    {
        using var stack = RemediatorStack.ForNewFleet(aws, "early", 5, fleetMaxStops: 1);
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        // svc-0 holds the only slot while its marks before StopTask hang (until their own time limit).
        var hanging = true;
        var marking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stack.DynamoCalls.Intercept = async (request, operation, send, ct) =>
        {
            if (Volatile.Read(ref hanging) && operation == "UpdateItem" && (await request.Content!.ReadAsStringAsync(ct)).Contains(":stopping", StringComparison.Ordinal))
            {
                marking.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }

            return await send(ct);
        };
        var first = Task.Run(() => stack.InvokeAsync(stack.Alarm(service: "svc-0")));
        await marking.Task;
        var heldFirst = await stack.InvokeAsync(stack.Alarm(service: "svc-1"));
        stack.Clock.Advance(Budgets.Mark);
        await Assert.ThrowsAsync<RemediationFailedException>(() => first);
        Volatile.Write(ref hanging, false);
        Assert.Null(await stack.ItemAsync($"FLEET#{stack.Cluster}#SLOT#0"));
        stack.Clock.Advance(TimeSpan.FromSeconds(1));

        var stop = await stack.InvokeAsync(stack.Alarm(service: "svc-2"));
        var heldAnew = await stack.InvokeAsync(stack.Alarm(service: "svc-3"));
        var heldAgain = await stack.InvokeAsync(stack.Alarm(service: "svc-4"));

        Assert.Equal(("held", "stopped", "held", "held"), (Str(heldFirst, "action"), Str(stop, "action"), Str(heldAnew, "action"), Str(heldAgain, "action")));
        Assert.True(heldFirst.GetProperty("firstHeld").GetBoolean());
        Assert.True(heldAnew.GetProperty("firstHeld").GetBoolean());
        Assert.False(heldAgain.TryGetProperty("firstHeld", out _));
        Assert.Equal(1, await stack.EcsCallsAsync("StopTask"));
        // The marker names the new engagement: the moment svc-2's stop took the slot.
        var slot = (await stack.ItemAsync($"FLEET#{stack.Cluster}#SLOT#0"))!;
        var marker = (await stack.ItemAsync($"FLEET#{stack.Cluster}#BRAKE"))!;
        Assert.Equal(DateTimeOffset.Parse(slot["acquiredAt"].S, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), marker["spentSinceMs"].N);
        Assert.Equal("svc-3", marker["service"].S);
    }

    [Fact]
    public async Task A_slot_taken_by_an_invocation_that_died_before_StopTask_is_free_again_after_its_deadline()
    {
        using var stack = RemediatorStack.ForNewFleet(aws, "crash", 3, fleetMaxStops: 1);
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        var slotKey = $"FLEET#{stack.Cluster}#SLOT#0";
        // From the moment its slot is written, nothing this invocation sends reaches DynamoDB (its
        // mark, its release): what a process that died there leaves behind.
        var slotTaken = false;
        stack.DynamoCalls.Intercept = async (request, operation, send, ct) =>
        {
            if (Volatile.Read(ref slotTaken))
            {
                return new HttpResponseMessage(HttpStatusCode.InternalServerError)
                {
                    Content = new StringContent("{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"gone\"}", Encoding.UTF8, "application/x-amz-json-1.0"),
                };
            }

            var body = await request.Content!.ReadAsStringAsync(ct);
            var response = await send(ct);
            Volatile.Write(ref slotTaken, operation == "PutItem" && body.Contains(slotKey, StringComparison.Ordinal) && response.IsSuccessStatusCode);
            return response;
        };
        var deadline = stack.Clock.GetUtcNow() + Invocation;
        await Assert.ThrowsAsync<RemediationFailedException>(() => stack.InvokeAsync(stack.Alarm("died", service: "svc-0")));
        stack.DynamoCalls.Intercept = null;
        var abandoned = (await stack.ItemAsync(slotKey))!;
        Assert.Equal(("IN_PROGRESS", deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)), (abandoned["status"].S, abandoned["inProgressExpiresAtMs"].N));
        Assert.Equal(0, await stack.EcsCallsAsync("StopTask"));

        stack.Clock.SetUtcNow(deadline);
        var atTheDeadline = await stack.InvokeAsync(stack.Alarm("second", service: "svc-1"));
        stack.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var after = await stack.InvokeAsync(stack.Alarm("third", service: "svc-2"));

        Assert.Equal(("held", "stopped"), (Str(atTheDeadline, "action"), Str(after, "action")));
        Assert.Equal(1, await stack.EcsCallsAsync("StopTask"));
        var slot = (await stack.ItemAsync(slotKey))!;
        Assert.Equal(("COMPLETED", "svc-2", "died"), (slot["status"].S, slot["service"].S, slot["takenOverFrom"].M["alarmName"].S));
        Assert.Equal(1, LogLines(stack, "Took over a fleet budget slot whose holder ended before StopTask"));
    }

    [Fact]
    public async Task A_slot_whose_stop_was_sent_holds_for_the_window_even_when_its_outcome_was_never_recorded()
    {
        using var stack = RemediatorStack.ForNewFleet(aws, "sent", 2, fleetMaxStops: 1);
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        // The marks go through; recording the outcome fails (as when the invocation dies right after StopTask).
        stack.DynamoCalls.Intercept = async (request, operation, send, ct)
            => operation == "UpdateItem" && (await request.Content!.ReadAsStringAsync(ct)).Contains(":outcome", StringComparison.Ordinal)
                ? new HttpResponseMessage(HttpStatusCode.InternalServerError)
                {
                    Content = new StringContent("{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"injected\"}", Encoding.UTF8, "application/x-amz-json-1.0"),
                }
                : await send(ct);
        var stop = await stack.InvokeAsync(stack.Alarm(service: "svc-0"));
        stack.DynamoCalls.Intercept = null;
        Assert.Equal("STOPPING", (await stack.ItemAsync($"FLEET#{stack.Cluster}#SLOT#0"))!["status"].S);

        // Long after the stopping invocation's deadline, well within the window.
        stack.Clock.Advance(TimeSpan.FromMinutes(9));
        var later = await stack.InvokeAsync(stack.Alarm(service: "svc-1"));

        Assert.Equal(("stopped", "held"), (Str(stop, "action"), Str(later, "action")));
        Assert.Equal(1, await stack.EcsCallsAsync("StopTask"));
    }

    [Fact]
    public async Task A_dry_run_storm_spends_its_own_budget_and_a_real_stop_still_acts()
    {
        using var rehearsal = new RemediatorStack(aws, "dry-" + Guid.NewGuid().ToString("N")[..8], "svc-0", dryRun: true, fleet: ["svc-0", "svc-1"], fleetMaxStops: 1);
        await rehearsal.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        var dry = await rehearsal.InvokeAsync(rehearsal.Alarm(service: "svc-0"));
        var dryHeld = await rehearsal.InvokeAsync(rehearsal.Alarm(service: "svc-1"));
        using var real = new RemediatorStack(aws, rehearsal.Cluster, "svc-0", fleet: ["svc-0", "svc-1"], fleetMaxStops: 1);

        var stop = await real.InvokeAsync(real.Alarm(service: "svc-1"));

        Assert.Equal(("dry-run", "held", "stopped"), (Str(dry, "action"), Str(dryHeld, "action"), Str(stop, "action")));
        Assert.Equal("COMPLETED", (await rehearsal.ItemAsync($"DRYRUN#FLEET#{rehearsal.Cluster}#SLOT#0"))!["status"].S);
        Assert.Equal("CLAIMED", (await rehearsal.ItemAsync($"DRYRUN#FLEET#{rehearsal.Cluster}#BRAKE"))!["status"].S);
        Assert.Equal(1, await real.EcsCallsAsync("StopTask"));
    }
}
