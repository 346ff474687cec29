using System.Text.Json;
using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Reporting;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Reporting;

/// <summary>
/// The response is the notification: what was done, to which alarm, service and task, until when
/// the next stop waits, by which invocation, with console links. Seen in the handler's response.
/// </summary>
public sealed partial class OutcomeReportTests
{
    private const string RequestId = "5d4c3b2a-0000-4000-8000-0123456789ab";
    private const string Alarm = "lambdasuite-remediate-prod/api/target-5xx-rate";
    private const string EventId = "6a7e8feb-b491-4cf7-a9f1-bf3703467718";

    private readonly RemediatorHarness _h = new();

    private const string Trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    private Task<JsonElement> InvokeAsync(string json, RemediatorSettings? settings = null, string? logGroup = "/aws/lambda/prod-Remediator", string trace = Trace)
        => _h.InvokeAsync(json, settings ?? Settings.Create("prod/api,prod/worker"), links: new ConsoleLinks("us-east-1", logGroup), requestId: RequestId, traceId: trace);

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static bool Has(JsonElement e, string name) => e.TryGetProperty(name, out _);

    [Fact]
    public async Task A_stop_names_the_alarm_service_task_lock_expiry_and_invocation()
    {
        var r = await InvokeAsync(Events.EventBridge(Alarm, id: EventId));

        Assert.Equal("stopped", Str(r, "action"));
        Assert.Equal("UNHEALTHY; 3 running", Str(r, "reason"));
        Assert.Equal(Alarm, Str(r, "alarmName"));
        Assert.Equal("2026-11-22T10:00:00.000Z", Str(r, "alarmStateChangedAt"));
        Assert.Equal(EventId, Str(r, "eventId"));
        Assert.Equal("prod", Str(r, "cluster"));
        Assert.Equal("api", Str(r, "service"));
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task/prod/b", Str(r, "taskArn"));
        Assert.Equal("UNHEALTHY", Str(r, "taskHealthStatus"));
        Assert.Equal("2026-11-22T09:50:00.000Z", Str(r, "taskStartedAt"));
        Assert.Equal(3, r.GetProperty("runningTasksBefore").GetInt32());
        Assert.Equal("2026-11-22T10:10:00.000Z", Str(r, "lockExpiresAt"));
        Assert.Equal(RequestId, Str(r, "requestId"));
        Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", Str(r, "traceId"));
        Assert.Equal("https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#xray:traces/1-5759e988-bd862e3fe1be46a994272793", Str(r, "traceConsoleUrl"));
        Assert.False(Has(r, "suppressed"));
        Assert.Equal(
            "Stopped task arn:aws:ecs:us-east-1:123456789012:task/prod/b (UNHEALTHY, started 2026-11-22T09:50:00.000Z) of service api in cluster prod "
            + $"because of alarm {Alarm} (ALARM at 2026-11-22T10:00:00.000Z). 3 task(s) were running; ECS starts a replacement. "
            + "The next stop for this service is possible after 2026-11-22T10:10:00.000Z.",
            Str(r, "summary"));
        Assert.Equal(new ConsoleLinks("us-east-1", null).Alarm(Alarm), Str(r, "alarmConsoleUrl"));
        // The invocation ran at the clock's 10:00:00; the window reaches one minute before and five after.
        Assert.Equal(new ConsoleLinks("us-east-1", "/aws/lambda/prod-Remediator").LogsInsights(RequestId, _h.Clock.GetUtcNow().AddMinutes(-1), _h.Clock.GetUtcNow().AddMinutes(5)),
            Str(r, "logsInsightsUrl"));
    }

    [Fact]
    public async Task A_duplicate_says_it_was_suppressed_and_names_the_lock_expiry()
    {
        await InvokeAsync(Events.EventBridge(Alarm));

        var r = await InvokeAsync(Events.EventBridge(Alarm));

        Assert.Equal("skipped", Str(r, "action"));
        Assert.True(r.GetProperty("suppressed").GetBoolean());
        Assert.Equal("2026-11-22T10:10:00.000Z", Str(r, "lockExpiresAt"));
        Assert.False(Has(r, "taskArn"));
        Assert.False(Has(r, "runningTasksBefore"));
        Assert.Equal(
            $"No action for alarm {Alarm} (ALARM at 2026-11-22T10:00:00.000Z): prod/api was remediated recently: lock held by alarm held-by-test "
            + "until 2026-11-22T10:10:00.000Z. A duplicate; nothing was touched.",
            Str(r, "summary"));
    }

    [Fact]
    public async Task The_guard_is_not_a_duplicate_and_says_how_many_tasks_ran()
    {
        _h.Ecs.Tasks.RemoveAll(t => !t.TaskArn!.EndsWith("/b", StringComparison.Ordinal));

        var r = await InvokeAsync(Events.EventBridge(Alarm));

        Assert.Equal("skipped", Str(r, "action"));
        Assert.False(Has(r, "suppressed"));
        Assert.Equal(1, r.GetProperty("runningTasksBefore").GetInt32());
        Assert.Equal(
            $"Stopped no task of service api in cluster prod for alarm {Alarm} (ALARM at 2026-11-22T10:00:00.000Z): "
            + "1 task(s) running; at least 2 required before one is stopped.",
            Str(r, "summary"));
    }

    [Fact]
    public async Task A_refusal_says_why_and_that_nothing_was_touched()
    {
        var r = await InvokeAsync(Events.EventBridge("api-errors", service: "billing"));

        Assert.Equal("refused", Str(r, "action"));
        Assert.Equal("prod/billing (from dimensions) is not in ALLOWED_SERVICES", Str(r, "reason"));
        Assert.Equal("Refused alarm api-errors (ALARM at 2026-11-22T10:00:00.000Z): prod/billing (from dimensions) is not in ALLOWED_SERVICES. Nothing was touched.",
            Str(r, "summary"));
        Assert.NotNull(Str(r, "alarmConsoleUrl"));
    }

    [Fact]
    public async Task A_dry_run_names_the_task_it_would_have_stopped()
    {
        var r = await InvokeAsync(Events.EventBridge(Alarm), settings: Settings.Create(dryRun: true));

        Assert.Equal("dry-run", Str(r, "action"));
        Assert.Equal("UNHEALTHY", Str(r, "taskHealthStatus"));
        Assert.Equal(3, r.GetProperty("runningTasksBefore").GetInt32());
        Assert.StartsWith("Dry run: would have stopped task arn:aws:ecs:us-east-1:123456789012:task/prod/b (UNHEALTHY, started 2026-11-22T09:50:00.000Z)",
            Str(r, "summary"), StringComparison.Ordinal);
        Assert.Empty(_h.Ecs.Stops);
    }

    [Fact]
    public async Task An_ignored_state_names_the_state()
    {
        var r = await InvokeAsync(Events.EventBridge(Alarm, state: "OK"));

        Assert.Equal("ignored", Str(r, "action"));
        Assert.Equal($"No action for alarm {Alarm} (OK at 2026-11-22T10:00:00.000Z): alarm state is OK, not ALARM.", Str(r, "summary"));
    }

    [Fact]
    public async Task Quotes_and_control_characters_of_an_alarm_name_stay_out_of_the_summary()
    {
        var r = await InvokeAsync(Events.EventBridge("5xx \"api\"\n\u0007", service: "billing"));

        Assert.StartsWith("Refused alarm 5xx 'api'  ", Str(r, "summary"), StringComparison.Ordinal);
        Assert.Equal("5xx \"api\"\n\u0007", Str(r, "alarmName"));
    }

    [Fact]
    public async Task Without_the_log_group_there_is_no_Logs_Insights_link_but_the_request_id_stays()
    {
        var r = await InvokeAsync(Events.EventBridge(Alarm), logGroup: null);

        Assert.Equal(RequestId, Str(r, "requestId"));
        Assert.False(Has(r, "logsInsightsUrl"));
        Assert.True(Has(r, "alarmConsoleUrl"));
    }

    [Fact]
    public async Task An_unsampled_trace_keeps_its_id_but_gets_no_link_since_X_Ray_did_not_record_it()
    {
        var r = await InvokeAsync(Events.EventBridge(Alarm), trace: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");

        Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", Str(r, "traceId"));
        Assert.False(Has(r, "traceConsoleUrl"));
    }

    [Fact]
    public async Task The_fields_of_the_original_response_keep_their_names()
    {
        var r = await InvokeAsync(Events.EventBridge(Alarm));

        var names = r.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["action", "reason"], names.Take(2));
        Assert.Subset(names.ToHashSet(), new HashSet<string> { "cluster", "service", "taskArn", "lockExpiresAt" });
    }
}
