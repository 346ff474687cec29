using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using Remediator.Tests.Fixtures;
using Xunit;
using static Remediator.Tests.Fakes.FakeEcsClient;

namespace Remediator.Tests.Decision;

/// <summary>
/// The fleet brake over the in-memory lock: at most FLEET_MAX_STOPS stops across the cluster per
/// window, each holding a slot taken after the service lock and before StopTask; a held alarm stops
/// nothing, gives its service's lock back, and only the first of an engagement is marked.
/// </summary>
public sealed class FleetBrakeTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly RemediatorHarness _h = new();

    public FleetBrakeTests()
    {
        foreach (var service in Services)
        {
            _h.Ecs.Tasks.AddRange([Task(service + "-a", service), Task(service + "-b", service, health: "UNHEALTHY"), Task(service + "-c", service)]);
        }
    }

    private static string[] Services => ["s1", "s2", "s3", "s4", "s5"];

    private static RemediatorSettings Fleet(int maxStops = 2, bool dryRun = false)
        => Settings.Create(string.Join(',', Services.Select(s => "prod/" + s)), dryRun: dryRun, fleetMaxStops: maxStops, fleetWindow: Window);

    private Task<RemediationResult> AlarmAsync(string service, RemediatorSettings? settings = null, TimeSpan? remaining = null)
        => _h.RunAsync(Events.EventBridge(service + "-errors", service: service), settings ?? Fleet(), remaining);

    [Fact]
    public async Task Once_the_budget_is_spent_an_alarm_of_another_service_is_held_and_stops_nothing()
    {
        var first = await AlarmAsync("s1");
        var second = await AlarmAsync("s2");
        var held = await AlarmAsync("s3");

        Assert.Equal(("stopped", "stopped", "held"), (first.Action, second.Action, held.Action));
        Assert.Equal(2, _h.Ecs.Stops.Count);
        Assert.Equal("fleet brake: the budget of 2 stop(s) per 600 s in cluster prod is spent", held.Reason);
        Assert.Equal((2, 600, 3), (held.FleetMaxStops, held.FleetWindowSeconds, held.RunningTasksBefore));
        Assert.Equal("2026-11-22T10:10:00.000Z", held.FleetBrakeReleasesAt);
        Assert.Null(held.TaskArn);
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.FleetBrakeEngaged));
        Assert.Equal(2, _h.Sink.MetricSum(RemediatorMetrics.Performed));
        var line = Assert.Single(_h.Lines("WARN", "Held by the fleet brake"));
        Assert.Equal(("s3", "held"), (line.GetProperty("service").GetString(), line.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task A_held_alarm_gives_its_service_lock_back_with_the_outcome_recorded()
    {
        await AlarmAsync("s1");
        await AlarmAsync("s2");

        await AlarmAsync("s3");

        Assert.False(_h.Lock.IsHeld("LOCK#prod#s3"));
        Assert.Equal((StopOutcome.Held, null, true), _h.Lock.Records[^1]);
        // The service's next alarm, once a slot is free again, may act.
        _h.Clock.Advance(Window + TimeSpan.FromSeconds(1));
        Assert.Equal("stopped", (await AlarmAsync("s3")).Action);
    }

    [Fact]
    public async Task Only_the_first_held_alarm_of_an_engagement_is_marked_and_a_new_engagement_marks_again()
    {
        await AlarmAsync("s1");
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await AlarmAsync("s2");

        var first = await AlarmAsync("s3");
        var again = await AlarmAsync("s4");
        // s1's slot frees at 10:10; s5 takes it and the brake engages anew.
        _h.Clock.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(1));
        var stopped = await AlarmAsync("s5");
        var newEngagement = await AlarmAsync("s3");
        var sameEngagement = await AlarmAsync("s4");

        Assert.Equal((true, null), (first.FirstHeld, again.FirstHeld));
        Assert.Equal("2026-11-22T10:10:00.000Z", first.FleetBrakeReleasesAt);
        Assert.Equal("stopped", stopped.Action);
        Assert.Equal(("held", true), (newEngagement.Action, newEngagement.FirstHeld));
        Assert.Equal("2026-11-22T10:11:00.000Z", newEngagement.FleetBrakeReleasesAt);
        Assert.Equal(("held", null), (sameEngagement.Action, sameEngagement.FirstHeld));
        Assert.Equal(4, _h.Sink.MetricSum(RemediatorMetrics.FleetBrakeEngaged));
    }

    [Fact]
    public async Task A_slot_given_back_early_ends_the_engagement_and_the_next_one_is_marked_again()
    {
        // The review's case, FLEET_MAX_STOPS=1: s1 holds the slot while its mark hangs; s2 is held (first).
        _h.Lock.Hangs.Add("MarkStopping");
        var s1 = AlarmAsync("s1", Fleet(maxStops: 1));
        await _h.Lock.Hangs.StartedAsync("MarkStopping");
        var s2 = await AlarmAsync("s2", Fleet(maxStops: 1));
        // s1's mark times out, long before the window's end: its slot is given back and nothing was stopped.
        _h.Clock.Advance(Budgets.Mark);
        await Assert.ThrowsAsync<RemediationFailedException>(() => s1);
        _h.Lock.Hangs.Remove("MarkStopping");
        _h.Clock.Advance(TimeSpan.FromSeconds(1));

        // s3 takes the slot: the budget is spent anew, a new engagement.
        var s3 = await AlarmAsync("s3", Fleet(maxStops: 1));
        var s4 = await AlarmAsync("s4", Fleet(maxStops: 1));
        var s5 = await AlarmAsync("s5", Fleet(maxStops: 1));

        Assert.Equal(("held", true), (s2.Action, s2.FirstHeld));
        Assert.Contains(("Release", "FLEET#prod#SLOT#0"), _h.Lock.FleetCalls);
        Assert.Equal("stopped", s3.Action);
        Assert.Equal(("held", true), (s4.Action, s4.FirstHeld));
        Assert.Equal(("held", null), (s5.Action, s5.FirstHeld));
        Assert.Equal(["s3-b"], _h.Ecs.Stops.Select(s => s.Task!.Split('/')[^1]));
    }

    [Fact]
    public async Task A_stop_marked_after_a_held_alarm_read_its_slot_does_not_mark_the_same_engagement_twice()
    {
        // s2 is held while s1's slot is still IN_PROGRESS (its window counted from the acquire); s1's mark, 5 s later, moves the window on.
        RemediationResult? first = null;
        _h.Lock.BeforeSlotMark = async () =>
        {
            first = await AlarmAsync("s2", Fleet(maxStops: 1));
            _h.Clock.Advance(TimeSpan.FromSeconds(5));
        };
        Assert.Equal("stopped", (await AlarmAsync("s1", Fleet(maxStops: 1))).Action);

        // Past the window s2 read, within the one the mark set: the same engagement.
        _h.Clock.Advance(Window - TimeSpan.FromSeconds(4));
        var late = await AlarmAsync("s3", Fleet(maxStops: 1));

        Assert.Equal(("held", true), (first!.Action, first.FirstHeld));
        Assert.Equal("2026-11-22T10:10:00.000Z", first.FleetBrakeReleasesAt);
        Assert.Equal(("held", null, "2026-11-22T10:10:05.000Z"), (late.Action, late.FirstHeld, late.FleetBrakeReleasesAt));
    }

    [Fact]
    public async Task The_slot_is_taken_after_the_task_is_chosen_and_marked_with_the_lock_before_StopTask()
    {
        var result = await AlarmAsync("s1");

        Assert.Equal("stopped", result.Action);
        Assert.Equal([("Acquire", "FLEET#prod#SLOT#0"), ("MarkStopping", "FLEET#prod#SLOT#0"), ("Record", "FLEET#prod#SLOT#0")], _h.Lock.FleetCalls);
        Assert.Equal((StopOutcome.Stopped, result.TaskArn, false), (_h.Lock.FleetRecords[0].Outcome, _h.Lock.FleetRecords[0].TaskArn, _h.Lock.FleetRecords[0].FreeNow));
        Assert.Equal(_h.Clock.GetUtcNow().AddSeconds(30), Assert.Single(_h.Lock.FleetInvocationDeadlines));
    }

    [Fact]
    public async Task A_guard_hit_takes_no_slot()
    {
        _h.Ecs.Tasks.RemoveAll(t => t.Group == "service:s1" && !t.TaskArn!.EndsWith("-b", StringComparison.Ordinal));

        var result = await AlarmAsync("s1", Fleet(maxStops: 1));

        Assert.StartsWith("guard:", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_h.Lock.FleetCalls);
        Assert.Equal("stopped", (await AlarmAsync("s2", Fleet(maxStops: 1))).Action);
    }

    [Fact]
    public async Task With_the_brake_off_every_service_gets_its_stop_and_no_slot_is_written()
    {
        foreach (var service in Services)
        {
            Assert.Equal("stopped", (await AlarmAsync(service, Fleet(maxStops: 0))).Action);
        }

        Assert.Equal(5, _h.Ecs.Stops.Count);
        Assert.Empty(_h.Lock.FleetCalls);
    }

    [Fact]
    public async Task A_StopTask_that_ECS_rejects_gives_the_slot_back()
    {
        _h.Ecs.Failures["StopTask"] = new AmazonEcsException("denied", "AccessDeniedException", System.Net.HttpStatusCode.BadRequest, "r", isRetryable: false);
        await Assert.ThrowsAsync<RemediationFailedException>(() => AlarmAsync("s1", Fleet(maxStops: 1)));
        _h.Ecs.Failures.Clear();

        Assert.Equal(("FLEET#prod#SLOT#0", StopOutcome.StopRejected, true), (_h.Lock.FleetRecords[0].Key, _h.Lock.FleetRecords[0].Outcome, _h.Lock.FleetRecords[0].FreeNow));
        Assert.Equal("stopped", (await AlarmAsync("s2", Fleet(maxStops: 1))).Action);
    }

    [Fact]
    public async Task A_StopTask_that_may_have_happened_keeps_its_slot_for_the_window()
    {
        _h.Ecs.Failures["StopTask"] = new InvalidOperationException("ServerException: maybe applied");
        await Assert.ThrowsAsync<RemediationFailedException>(() => AlarmAsync("s1", Fleet(maxStops: 1)));
        _h.Ecs.Failures.Clear();

        Assert.Equal((StopOutcome.StopFailed, false), (_h.Lock.FleetRecords[0].Outcome, _h.Lock.FleetRecords[0].FreeNow));
        Assert.Equal("held", (await AlarmAsync("s2", Fleet(maxStops: 1))).Action);
    }

    [Fact]
    public async Task A_failure_after_the_slot_was_taken_and_before_StopTask_gives_both_back()
    {
        _h.Lock.MarkFailure = new InvalidOperationException("dynamo down");
        await Assert.ThrowsAsync<RemediationFailedException>(() => AlarmAsync("s1", Fleet(maxStops: 1)));
        _h.Lock.MarkFailure = null;

        Assert.Contains(("Release", "FLEET#prod#SLOT#0"), _h.Lock.FleetCalls);
        Assert.Equal(["Acquire", "MarkStopping", "Release"], _h.Lock.Calls);
        Assert.Empty(_h.Ecs.Stops);
        Assert.Equal("stopped", (await AlarmAsync("s2", Fleet(maxStops: 1))).Action);
    }

    [Fact]
    public async Task A_slot_whose_holder_died_before_StopTask_frees_at_the_holders_deadline_and_the_takeover_is_audited()
    {
        // The holder's slot and lock could not be given back (its release failed, as a dying invocation's would).
        _h.Lock.MarkFailure = new InvalidOperationException("dynamo down");
        _h.Lock.ReleaseFailure = new InvalidOperationException("dynamo down");
        await Assert.ThrowsAsync<RemediationFailedException>(() => AlarmAsync("s1", Fleet(maxStops: 1)));
        (_h.Lock.MarkFailure, _h.Lock.ReleaseFailure) = (null, null);

        _h.Clock.Advance(TimeSpan.FromSeconds(29));
        var during = await AlarmAsync("s2", Fleet(maxStops: 1));
        _h.Clock.Advance(TimeSpan.FromSeconds(2));
        var after = await AlarmAsync("s3", Fleet(maxStops: 1));

        Assert.Equal(("held", "stopped"), (during.Action, after.Action));
        Assert.Single(_h.Ecs.Stops);
        Assert.Equal("FLEET#prod#SLOT#0", Assert.Single(_h.Lines("WARN", "Took over a fleet budget slot whose holder ended before StopTask")).GetProperty("slot").GetString());
    }

    [Fact]
    public async Task The_deadline_while_taking_a_slot_gives_the_lock_back_and_stops_nothing()
    {
        _h.Ecs.OnList = () => _h.Clock.Advance(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => AlarmAsync("s1", Fleet(maxStops: 1), remaining: TimeSpan.FromSeconds(12)));

        Assert.StartsWith("Invocation deadline", error.Message, StringComparison.Ordinal);
        Assert.Equal([("Acquire", "FLEET#prod#SLOT#0"), ("Release", "FLEET#prod#SLOT#0")], _h.Lock.FleetCalls);
        Assert.Equal(["Acquire", "Release"], _h.Lock.Calls);
        Assert.Empty(_h.Ecs.Stops);
    }

    [Fact]
    public async Task A_slot_error_gives_the_lock_back_and_fails()
    {
        _h.Lock.FleetFailure = new InvalidOperationException("ProvisionedThroughputExceededException: slow down");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => AlarmAsync("s1"));

        Assert.Equal("DynamoDB fleet budget slot FLEET#prod#SLOT#0 for prod/s1 could not be taken (nothing stopped, lock released): ProvisionedThroughputExceededException: slow down", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("slow down", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Acquire", "Release"], _h.Lock.Calls);
        Assert.Empty(_h.Ecs.Stops);
        Assert.Equal(1, _h.Sink.MetricSum(RemediatorMetrics.Failed));
    }

    [Fact]
    public async Task When_the_first_held_alarm_cannot_be_marked_the_invocation_fails_with_its_lock_given_back()
    {
        await AlarmAsync("s1", Fleet(maxStops: 1));
        _h.Lock.ClaimFailure = new InvalidOperationException("dynamo down");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => AlarmAsync("s2", Fleet(maxStops: 1)));

        Assert.StartsWith("Held by the fleet brake (nothing stopped, lock released), but the brake's marker for cluster prod could not be written", error.Message, StringComparison.Ordinal);
        Assert.False(_h.Lock.IsHeld("LOCK#prod#s2"));
        Assert.Single(_h.Ecs.Stops);
    }

    [Fact]
    public async Task A_dry_run_spends_its_own_budget_and_never_holds_off_a_real_stop()
    {
        var rehearsal = await AlarmAsync("s1", Fleet(maxStops: 1, dryRun: true));
        var rehearsalHeld = await AlarmAsync("s2", Fleet(maxStops: 1, dryRun: true));
        var real = await AlarmAsync("s3", Fleet(maxStops: 1));

        Assert.Equal(("dry-run", "held", "stopped"), (rehearsal.Action, rehearsalHeld.Action, real.Action));
        Assert.StartsWith("dry run: fleet brake:", rehearsalHeld.Reason, StringComparison.Ordinal);
        Assert.True(rehearsalHeld.FirstHeld);
        Assert.Contains(("Acquire", "DRYRUN#FLEET#prod#SLOT#0"), _h.Lock.FleetCalls);
        Assert.Contains(("Claim", "DRYRUN#FLEET#prod#BRAKE"), _h.Lock.FleetCalls);
        Assert.True(_h.Lock.IsHeld("DRYRUN#FLEET#prod#SLOT#0"));
        Assert.Equal(StopOutcome.DryRun, _h.Lock.FleetRecords[0].Outcome);
        Assert.Single(_h.Ecs.Stops);
        Assert.True(Assert.Single(_h.Lines("WARN", "Held by the fleet brake")).GetProperty("dryRun").GetBoolean());
    }
}
