using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using Remediator.Tests.Fixtures;
using Xunit;
using static Remediator.Tests.Fakes.FakeEcsClient;

namespace Remediator.Tests;

/// <summary>The handler: reads the event, hands it to the decision within Lambda's deadline, answers, counts bad input.</summary>
public sealed partial class HandlerTests
{
    private readonly RemediatorHarness _h = new();

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    [Fact]
    public void The_production_constructor_fails_init_naming_the_missing_variable()
    {
        // Configuration is read before any client is built, from the environment given (not the test process's).
        var error = Assert.Throws<ConfigurationException>(() => new Handler(new EnvironmentReader(new Dictionary<string, string>())));

        Assert.StartsWith("LOCK_TABLE_NAME is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_production_constructor_names_the_next_missing_variable_once_the_first_is_set()
    {
        var error = Assert.Throws<ConfigurationException>(() => new Handler(new EnvironmentReader(new Dictionary<string, string> { ["LOCK_TABLE_NAME"] = "locks" })));

        Assert.StartsWith("CLUSTER_NAME is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_valid_forms_of_the_bad_payloads_do_act()
    {
        await _h.InvokeAsync(Events.EventBridge("api-errors", id: "e-1"));

        Assert.Single(_h.Ecs.Stops);
        Assert.Equal("api-errors", Events.Parse(Events.Sns()).AlarmName);
        Assert.Equal("api-errors", Events.Parse(Events.AlarmAction()).AlarmName);
    }

    [Theory]
    [MemberData(nameof(BadPayloads.Names), MemberType = typeof(BadPayloads))]
    public async Task Bad_input_is_one_line_naming_the_field_counted_and_touches_nothing(string payload)
    {
        var bad = BadPayloads.Get(payload);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => _h.HandleAsync(bad.Payload));

        bad.AssertMessage(error.Message);
        Assert.Empty(_h.Lock.Calls);
        Assert.Empty(_h.Ecs.Calls);
        Assert.Equal(1, _h.Sink.MetricSum(InvalidEvents.Metric));
        // Bad input is not a failed remediation: the two dashboards answer different questions.
        Assert.Equal(0, _h.Sink.MetricSum(RemediatorMetrics.Failed));
        Assert.Single(_h.Lines("ERROR", "event invalid"));
    }

    [Fact]
    public async Task A_malformed_payload_fails_with_its_field_and_touches_nothing()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => _h.InvokeAsync("{\"detail-type\": \"CloudWatch Alarm State Change\", \"id\": \"1\", \"detail\": {}}"));

        Assert.Equal("detail.alarmName is missing", error.Message);
        Assert.Empty(_h.Ecs.Calls);
        Assert.Empty(_h.Lock.Calls);
        Assert.Equal(1, _h.Sink.MetricSum(InvalidEvents.Metric));
        Assert.Equal(0, _h.Sink.MetricSum(RemediatorMetrics.Failed));
    }

    [Fact]
    public async Task All_three_payload_shapes_reach_the_same_decision()
    {
        // The samples carry fixed dates; the age check is tested on its own.
        var settings = Settings.Create("demo-cluster/demo-api", maxEventAge: TimeSpan.FromDays(3650));
        foreach (var sample in new[] { "eventbridge-alarm.json", "cloudwatch-direct.json", "sns-alarm.json" })
        {
            _h.Ecs.Tasks.Clear();
            _h.Ecs.Tasks.AddRange([Task("x", service: "demo-api", cluster: "demo-cluster"), Task("y", service: "demo-api", cluster: "demo-cluster", health: "UNHEALTHY")]);
            _h.Clock.Advance(TimeSpan.FromHours(1));

            var result = await _h.InvokeAsync(Events.Sample(sample), settings);

            Assert.Equal("stopped", Str(result, "action"));
            Assert.Equal("demo-api", Str(result, "service"));
            Assert.EndsWith("/y", Str(result, "taskArn"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_lock_is_IN_PROGRESS_until_Lambdas_deadline_for_the_invocation()
    {
        await _h.InvokeAsync(Events.EventBridge("api-errors"), remaining: TimeSpan.FromSeconds(30));

        Assert.Equal(_h.Clock.GetUtcNow().AddSeconds(30), Assert.Single(_h.Lock.InvocationDeadlines));
    }

    [Fact]
    public async Task Work_stops_at_Lambdas_deadline_minus_the_margin_on_the_handlers_clock()
    {
        _h.Ecs.Hangs.Add("DescribeTasks");

        var invocation = _h.InvokeAsync(Events.EventBridge("api-errors"), remaining: Settings.Create().DeadlineMargin + TimeSpan.FromMilliseconds(100));
        await _h.Ecs.Hangs.StartedAsync("DescribeTasks");
        _h.Clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(_h.Ecs.Hangs.Ended("DescribeTasks"));
        _h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_h.Ecs.Hangs.Ended("DescribeTasks"));
        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => invocation);

        Assert.StartsWith("Invocation deadline (Lambda's deadline minus 3 s, 2026-11-22T10:00:00.100Z)", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("reached before StopTask for prod/api; nothing stopped, lock released", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Acquire", "Release"], _h.Lock.Calls);
        Assert.Empty(_h.Ecs.Stops);
    }

    [Fact]
    public async Task Metrics_are_flushed_once_per_invocation()
    {
        await _h.InvokeAsync(Events.EventBridge("api-errors"));

        Assert.Single(_h.Sink.Emf());
    }

    [Fact]
    public async Task The_response_is_camelCase_and_omits_absent_fields()
    {
        var result = await _h.InvokeAsync(Events.EventBridge("api-errors", state: "OK"));

        // No service, task, lock or links (no Region configured here): those fields are left out.
        Assert.Equal(["action", "reason", "summary", "alarmName", "alarmStateChangedAt", "eventId", "requestId"], result.EnumerateObject().Select(p => p.Name));
    }
}
