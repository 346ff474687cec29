using System.Text.Json;
using LambdaSuite.Remediator.Reporting;
using Remediator.Tests.Fixtures;
using Xunit;
using static Remediator.Tests.Fakes.FakeEcsClient;

namespace Remediator.Tests.Reporting;

/// <summary>What a held alarm answers: the brake's first held alarm is its one notification.</summary>
public sealed partial class OutcomeReportTests
{
    private const string LogGroup = "/aws/lambda/prod-Remediator";

    /// <summary>prod/worker spends the budget of one stop; then prod/api's alarm is held.</summary>
    private async Task<(JsonElement First, JsonElement Again)> HeldTwiceAsync(bool dryRun = false)
    {
        _h.Ecs.Tasks.AddRange([Task("w1", "worker"), Task("w2", "worker")]);
        var settings = Settings.Create("prod/api,prod/worker", dryRun: dryRun, fleetMaxStops: 1);
        await InvokeAsync(Events.EventBridge("worker-errors", service: "worker"), settings);
        _h.Clock.Advance(TimeSpan.FromSeconds(30));
        return (await InvokeAsync(Events.EventBridge(Alarm), settings), await InvokeAsync(Events.EventBridge(Alarm), settings));
    }

    [Fact]
    public async Task The_first_held_alarm_says_the_brake_engaged_for_which_service_that_nothing_stopped_and_links_every_held_alarm()
    {
        var (r, _) = await HeldTwiceAsync();

        Assert.Equal("held", Str(r, "action"));
        Assert.True(r.GetProperty("firstHeld").GetBoolean());
        Assert.Equal((1, 600), (r.GetProperty("fleetMaxStops").GetInt32(), r.GetProperty("fleetWindowSeconds").GetInt32()));
        Assert.Equal("2026-11-22T10:10:00.000Z", Str(r, "fleetBrakeReleasesAt"));
        Assert.False(Has(r, "suppressed"));
        Assert.False(Has(r, "taskArn"));
        // From a window before the invocation (the stops that spent the budget) to five minutes after the brake releases.
        var heldAlarms = new ConsoleLinks("us-east-1", LogGroup).FleetLog(_h.Clock.GetUtcNow().AddMinutes(-10), new DateTimeOffset(2026, 11, 22, 10, 15, 0, TimeSpan.Zero));
        Assert.Equal(heldAlarms, Str(r, "heldAlarmsUrl"));
        Assert.Equal(
            "Fleet brake engaged: the budget of 1 stop(s) per 600 s in cluster prod is spent, so no task was stopped for "
            + $"alarm {Alarm} (ALARM at 2026-11-22T10:00:00.000Z) of service api in cluster prod, the first service held. "
            + "A held alarm is not retried: a service gets a stop only when its alarm fires again, after 2026-11-22T10:10:00.000Z at the earliest. "
            + $"Every stop and held alarm around this engagement: {heldAlarms}",
            Str(r, "summary"));
    }

    [Fact]
    public async Task Later_held_alarms_are_not_marked_and_say_the_brake_held()
    {
        var (_, r) = await HeldTwiceAsync();

        Assert.Equal("held", Str(r, "action"));
        Assert.False(Has(r, "firstHeld"));
        Assert.Equal(
            $"Held by the fleet brake: the budget of 1 stop(s) per 600 s in cluster prod is spent, so no task of service api in cluster prod was stopped for alarm {Alarm} "
            + "(ALARM at 2026-11-22T10:00:00.000Z). A held alarm is not retried: a service gets a stop only when its alarm fires again, after 2026-11-22T10:10:00.000Z at the earliest.",
            Str(r, "summary"));
    }

    [Theory]
    [InlineData(true, "fleet brake: the budget is spent", "Dry run: Fleet brake engaged:")]
    [InlineData(false, "dry run: fleet brake: the budget is spent", "Fleet brake engaged:")]
    public void The_summary_says_dry_run_for_a_rehearsal_whatever_the_reason_text(bool dryRun, string reason, string start)
    {
        var held = new RemediationResult(RemediationResult.Held, reason, "prod", "api") { IsDryRun = dryRun, FirstHeld = true, FleetMaxStops = 1, FleetWindowSeconds = 600 };

        Assert.StartsWith(start, OutcomeReport.Summarize(held, "ALARM"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rehearsal_says_it_is_a_dry_run()
    {
        var (r, _) = await HeldTwiceAsync(dryRun: true);

        Assert.Equal("held", Str(r, "action"));
        Assert.StartsWith("dry run: fleet brake:", Str(r, "reason"), StringComparison.Ordinal);
        Assert.StartsWith("Dry run: Fleet brake engaged:", Str(r, "summary"), StringComparison.Ordinal);
        Assert.Empty(_h.Ecs.Stops);
    }
}
