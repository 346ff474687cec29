using System.Net;
using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.Remediator.Aws.Ecs;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator;
using LambdaSuite.TestSupport;
using Remediator.Tests.Fakes;
using Xunit;
using static Remediator.Tests.Fakes.FakeEcsClient;

namespace Remediator.Tests;

/// <summary>The whole decision flow through the handler, with an in-memory ECS and lock.</summary>
public sealed class HandlerTests
{
    private readonly FakeEcsClient _ecs = new();
    private readonly ManualClock _clock = new();
    private readonly FakeLock _lock;
    private readonly MemorySink _sink = new();

    public HandlerTests()
    {
        _lock = new FakeLock(_clock, TimeSpan.FromMinutes(10));
        _ecs.Tasks.AddRange([Task("a", startedMinutesAgo: 300), Task("b", health: "UNHEALTHY", startedMinutesAgo: 10), Task("c", startedMinutesAgo: 100)]);
    }

    private Handler Create(RemediatorSettings? settings = null)
        => new(settings ?? Settings.Create(), _ecs, _lock, _clock, new JsonLog(_sink, "Remediator", LogLevel.Debug), new EmfMetrics(_sink, "Test", "Remediator"));

    private async Task<JsonElement> InvokeAsync(string json, RemediatorSettings? settings = null, TimeSpan? remaining = null)
    {
        var output = await Create(settings).HandleAsync(Events.Stream(json), TestInvocation.Context(_clock, remaining));
        return (await JsonDocument.ParseAsync(output)).RootElement.Clone();
    }

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    [Fact]
    public async Task An_alarm_stops_the_unhealthy_task_and_says_so()
    {
        var result = await InvokeAsync(Events.EventBridge("api-errors"));

        Assert.Equal("stopped", Str(result, "action"));
        Assert.Equal("prod", Str(result, "cluster"));
        Assert.Equal("api", Str(result, "service"));
        Assert.EndsWith("/b", Str(result, "taskArn"), StringComparison.Ordinal);
        Assert.Equal("2026-11-22T10:10:00.000Z", Str(result, "lockExpiresAt"));
        var stop = Assert.Single(_ecs.Stops);
        Assert.Equal("prod", stop.Cluster);
        Assert.EndsWith("/b", stop.Task, StringComparison.Ordinal);
        Assert.Contains("api-errors", stop.Reason, StringComparison.Ordinal);
        Assert.Equal(["ListTasks", "DescribeTasks", "StopTask"], _ecs.Calls);
        Assert.Equal(["Acquire", "MarkStopping", "Record"], _lock.Calls);
        Assert.Equal((LockOutcome.Stopped, stop.Task, false), Assert.Single(_lock.Records));
        Assert.Equal(1, _sink.MetricSum(Remediation.Performed));
        Assert.Equal("RUNNING", _ecs.ListsDesiredStatus());
    }

    [Fact]
    public async Task A_duplicate_within_the_cooldown_is_skipped_after_one_lock_call()
    {
        await InvokeAsync(Events.EventBridge("api-errors"));
        _ecs.Calls.Clear();
        _lock.Calls.Clear();

        var result = await InvokeAsync(Events.EventBridge("other-alarm-same-service"));

        Assert.Equal("skipped", Str(result, "action"));
        Assert.Equal(["Acquire"], _lock.Calls);
        Assert.Empty(_ecs.Calls);
        Assert.Single(_ecs.Stops);
        Assert.Equal(1, _sink.MetricSum(Remediation.Suppressed));
    }

    [Fact]
    public async Task After_the_cooldown_the_next_alarm_acts_again()
    {
        await InvokeAsync(Events.EventBridge("api-errors"));
        _clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var result = await InvokeAsync(Events.EventBridge("api-errors"));

        Assert.Equal("stopped", Str(result, "action"));
        Assert.Equal(2, _ecs.Stops.Count);
        Assert.NotEqual(_ecs.Stops[0].Task, _ecs.Stops[1].Task);
    }

    [Theory]
    [InlineData("OK")]
    [InlineData("INSUFFICIENT_DATA")]
    public async Task Other_states_are_ignored_without_any_AWS_call(string state)
    {
        var result = await InvokeAsync(Events.EventBridge("api-errors", state: state));

        Assert.Equal("ignored", Str(result, "action"));
        Assert.Contains(state, Str(result, "reason"), StringComparison.Ordinal);
        Assert.Empty(_ecs.Calls);
        Assert.Empty(_lock.Calls);
        Assert.Contains(_sink.Json(), l => l.TryGetProperty("action", out var a) && a.GetString() == "ignored");
    }

    [Fact]
    public async Task A_service_outside_the_allow_list_is_refused_without_any_AWS_call()
    {
        var result = await InvokeAsync(Events.EventBridge("api-errors", service: "billing"));

        Assert.Equal("refused", Str(result, "action"));
        Assert.Equal("billing", Str(result, "service"));
        Assert.Empty(_ecs.Calls);
        Assert.Empty(_lock.Calls);
        Assert.Equal(1, _sink.MetricSum(Remediation.Refused));
        Assert.Contains(_sink.Json(), l => l.GetProperty("level").GetString() == "WARN" && l.GetProperty("message").GetString()!.StartsWith("Refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dry_run_decides_but_does_not_stop()
    {
        var result = await InvokeAsync(Events.EventBridge("api-errors"), Settings.Create(dryRun: true));

        Assert.Equal("dry-run", Str(result, "action"));
        Assert.EndsWith("/b", Str(result, "taskArn"), StringComparison.Ordinal);
        Assert.Empty(_ecs.Stops);
        Assert.DoesNotContain("StopTask", _ecs.Calls);
        Assert.Equal(LockOutcome.DryRun, Assert.Single(_lock.Records).Outcome);
        Assert.True(_lock.IsHeld("DRYRUN#prod#api"));
        Assert.False(_lock.IsHeld("LOCK#prod#api"));
        Assert.Equal(0, _sink.MetricSum(Remediation.Performed));
    }

    [Fact]
    public async Task The_guard_keeps_the_last_task_and_frees_the_lock()
    {
        _ecs.Tasks.RemoveAll(t => !t.TaskArn!.EndsWith("/b", StringComparison.Ordinal));

        var result = await InvokeAsync(Events.EventBridge("api-errors"));

        Assert.Equal("skipped", Str(result, "action"));
        Assert.StartsWith("guard:", Str(result, "reason"), StringComparison.Ordinal);
        Assert.Empty(_ecs.Stops);
        Assert.Equal((LockOutcome.NothingToStop, null, true), Assert.Single(_lock.Records));
        Assert.False(_lock.IsHeld("LOCK#prod#api"));
        Assert.Equal(1, _sink.MetricSum(Remediation.Guarded));
    }

    [Fact]
    public async Task A_failure_before_StopTask_releases_the_lock_and_names_the_step()
    {
        _ecs.Failures["DescribeTasks"] = new InvalidOperationException("ClientException: boom");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => InvokeAsync(Events.EventBridge("api-errors")));

        Assert.Equal("ECS DescribeTasks for prod/api failed: ClientException: boom", error.Message);
        Assert.Equal(["Acquire", "Release"], _lock.Calls);
        Assert.False(_lock.IsHeld("LOCK#prod#api"));
        Assert.Empty(_ecs.Stops);
        Assert.Equal(1, _sink.MetricSum(Remediation.Failed));

        _ecs.Failures.Clear();
        var retry = await InvokeAsync(Events.EventBridge("api-errors"));
        Assert.Equal("stopped", Str(retry, "action"));
    }

    [Fact]
    public async Task A_failed_release_still_reports_the_original_failure()
    {
        _ecs.Failures["ListTasks"] = new InvalidOperationException("ServerException: down");
        _lock.ReleaseFailure = new InvalidOperationException("dynamo down");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => InvokeAsync(Events.EventBridge("api-errors")));

        Assert.Contains("ListTasks", error.Message, StringComparison.Ordinal);
        Assert.Contains(_sink.Json(), l => l.GetProperty("message").GetString()!.Contains("could not release", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lock_error_fails_with_context_and_touches_no_task()
    {
        _lock.AcquireFailure = new InvalidOperationException("ProvisionedThroughputExceededException: slow down");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => InvokeAsync(Events.EventBridge("api-errors")));

        Assert.Equal("DynamoDB lock for prod/api could not be taken: ProvisionedThroughputExceededException: slow down", error.Message);
        Assert.Empty(_ecs.Calls);
        Assert.Equal(1, _sink.MetricSum(Remediation.Failed));
    }

    [Fact]
    public void The_production_constructor_fails_init_naming_the_missing_variable()
    {
        // Nothing in the test process sets LOCK_TABLE_NAME; configuration is read before any client is built.
        var error = Assert.Throws<LambdaSuite.Common.Configuration.ConfigurationException>(() => new Handler());

        Assert.StartsWith("LOCK_TABLE_NAME is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_StopTask_keeps_the_lock()
    {
        _ecs.Failures["StopTask"] = new InvalidOperationException("ServerException: maybe applied");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => InvokeAsync(Events.EventBridge("api-errors")));

        Assert.Contains("StopTask", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Release", _lock.Calls);
        Assert.True(_lock.IsHeld("LOCK#prod#api"));
        Assert.Equal(LockOutcome.StopFailed, Assert.Single(_lock.Records).Outcome);
        Assert.Equal(1, _sink.MetricSum(Remediation.Failed));
    }

    [Fact]
    public async Task Every_page_of_ListTasks_is_read()
    {
        _ecs.PageSize = 1;
        _ecs.Tasks.Clear();
        _ecs.Tasks.AddRange([Task("t1"), Task("t2"), Task("t3", health: "UNHEALTHY")]);

        var result = await InvokeAsync(Events.EventBridge("api-errors"));

        Assert.Equal(3, _ecs.Calls.Count(c => c == "ListTasks"));
        Assert.EndsWith("/t3", Str(result, "taskArn"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_payload_fails_with_its_field_and_touches_nothing()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => InvokeAsync("{\"detail-type\": \"CloudWatch Alarm State Change\", \"id\": \"1\", \"detail\": {}}"));

        Assert.Equal("detail.alarmName is missing", error.Message);
        Assert.Empty(_ecs.Calls);
        Assert.Empty(_lock.Calls);
        // Bad input is not a failed remediation: the two dashboards answer different questions.
        Assert.Equal(1, _sink.MetricSum(Remediation.InvalidEvents));
        Assert.Equal(0, _sink.MetricSum(Remediation.Failed));
    }

    [Fact]
    public async Task All_three_payload_shapes_reach_the_same_decision()
    {
        // The samples carry fixed dates; the age check is tested on its own.
        var settings = Settings.Create("demo-cluster/demo-api", maxEventAge: TimeSpan.FromDays(3650));
        foreach (var sample in new[] { "eventbridge-alarm.json", "cloudwatch-direct.json", "sns-alarm.json" })
        {
            _ecs.Tasks.Clear();
            _ecs.Tasks.AddRange([Task("x", service: "demo-api", cluster: "demo-cluster"), Task("y", service: "demo-api", cluster: "demo-cluster", health: "UNHEALTHY")]);
            _clock.Advance(TimeSpan.FromHours(1));

            var result = await InvokeAsync(Events.Sample(sample), settings);

            Assert.Equal("stopped", Str(result, "action"));
            Assert.Equal("demo-api", Str(result, "service"));
            Assert.EndsWith("/y", Str(result, "taskArn"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Metrics_are_flushed_once_per_invocation()
    {
        await InvokeAsync(Events.EventBridge("api-errors"));

        Assert.Single(_sink.Emf());
    }

    [Fact]
    public void The_stop_reason_names_the_alarm_and_fits_ECS_limit()
    {
        var alarm = Events.Parse(Events.EventBridge(new string('x', AlarmFields.MaxAlarmNameLength)));

        var reason = Remediation.StopReason(alarm);

        Assert.Equal(255, reason.Length);
        Assert.StartsWith("LambdaSuite Remediator: alarm xxx", reason, StringComparison.Ordinal);
        Assert.EndsWith("...", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_response_is_camelCase_and_omits_absent_fields()
    {
        var result = await InvokeAsync(Events.EventBridge("api-errors", state: "OK"));

        // No service, task, lock or links (no Region configured here): those fields are left out.
        Assert.Equal(["action", "reason", "summary", "alarmName", "alarmStateChangedAt", "eventId", "requestId"], result.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_stale_event_is_ignored_without_any_AWS_call()
    {
        _clock.Advance(TimeSpan.FromSeconds(901));

        var result = await InvokeAsync(Events.EventBridge("api-errors"));

        Assert.Equal("ignored", Str(result, "action"));
        Assert.Equal("event is 901 s old (time 2026-11-22T10:00:00.000Z), older than MAX_EVENT_AGE_SECONDS=900", Str(result, "reason"));
        Assert.Empty(_ecs.Calls);
        Assert.Empty(_lock.Calls);
        Assert.Equal(1, _sink.MetricSum(Remediation.StaleEvents));
        Assert.Contains(_sink.Json(), l => l.GetProperty("level").GetString() == "WARN" && l.GetProperty("message").GetString() == "Stale event ignored");
    }

    [Fact]
    public async Task An_event_just_inside_the_maximum_age_acts()
    {
        _clock.Advance(TimeSpan.FromSeconds(900));

        var result = await InvokeAsync(Events.EventBridge("api-errors"));

        Assert.Equal("stopped", Str(result, "action"));
        Assert.Equal(0, _sink.MetricSum(Remediation.StaleEvents));
    }

    [Fact]
    public async Task The_deadline_before_StopTask_releases_the_lock_and_stops_nothing()
    {
        _ecs.Hangs.Add("DescribeTasks");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(
            () => InvokeAsync(Events.EventBridge("api-errors"), remaining: RemediatorSettings.DeadlineMargin + TimeSpan.FromMilliseconds(100)));

        Assert.StartsWith("Invocation deadline (Lambda's deadline minus 3 s, 2026-11-22T10:00:00.100Z)", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("reached before StopTask for prod/api; nothing stopped, lock released", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Acquire", "Release"], _lock.Calls);
        Assert.False(_lock.IsHeld("LOCK#prod#api"));
        Assert.Empty(_ecs.Stops);
        Assert.Equal(1, _sink.MetricSum(Remediation.Failed));
    }

    [Fact]
    public async Task The_deadline_during_StopTask_keeps_the_lock()
    {
        _ecs.Hangs.Add("StopTask");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(
            () => InvokeAsync(Events.EventBridge("api-errors"), remaining: RemediatorSettings.DeadlineMargin + TimeSpan.FromMilliseconds(100)));

        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
        Assert.DoesNotContain("Release", _lock.Calls);
        Assert.True(_lock.IsHeld("LOCK#prod#api"));
        Assert.Equal((LockOutcome.StopFailed, false), (Assert.Single(_lock.Records).Outcome, _lock.Records[0].FreeNow));
    }

    public static TheoryData<string> RejectionsThatProveNothingWasDone => new()
    {
        "AccessDeniedException", "InvalidParameterException", "ClusterNotFoundException", "ServiceNotFoundException", "ClientException",
    };

    [Theory]
    [MemberData(nameof(RejectionsThatProveNothingWasDone))]
    public async Task A_StopTask_rejected_with_a_client_error_frees_the_lock_and_keeps_the_audit(string code)
    {
        _ecs.Failures["StopTask"] = new AmazonEcsException("rejected", code, HttpStatusCode.BadRequest, "r", isRetryable: false);

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => InvokeAsync(Events.EventBridge("api-errors")));

        Assert.Contains("was rejected (nothing stopped, lock freed)", error.Message, StringComparison.Ordinal);
        Assert.False(_lock.IsHeld("LOCK#prod#api"));
        Assert.Equal((LockOutcome.StopRejected, true), (Assert.Single(_lock.Records).Outcome, _lock.Records[0].FreeNow));
        Assert.Equal(1, _sink.MetricSum(Remediation.Failed));
    }

    [Theory]
    [InlineData("ServerException", 500)]
    [InlineData("ThrottlingException", 400)]
    [InlineData("RequestTimeout", null)]
    public async Task A_StopTask_failure_that_may_hide_an_applied_stop_keeps_the_lock(string code, int? status)
    {
        _ecs.Failures["StopTask"] = new AmazonEcsException("may have been applied", code, (HttpStatusCode?)status, null, isRetryable: true);

        await Assert.ThrowsAsync<RemediationFailedException>(() => InvokeAsync(Events.EventBridge("api-errors")));

        Assert.True(_lock.IsHeld("LOCK#prod#api"));
        Assert.Equal((LockOutcome.StopFailed, false), (Assert.Single(_lock.Records).Outcome, _lock.Records[0].FreeNow));
    }
}
