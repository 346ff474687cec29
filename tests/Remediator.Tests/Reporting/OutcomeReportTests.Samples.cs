using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Reporting;
using LambdaSuite.TestSupport;
using Remediator.Tests.Fixtures;
using Xunit;
using static Remediator.Tests.Fakes.FakeEcsClient;

namespace Remediator.Tests.Reporting;

/// <summary>
/// The sample outcome events (infra/events/remediator/outcomes, what the outcome bus receives and
/// its rules are tested against) carry responses of the shape the handler really gives, and
/// summaries this code would write for them.
/// </summary>
public sealed partial class OutcomeReportTests
{
    public static TheoryData<string> SuccessfulOutcomes => ["stopped", "duplicate", "guard", "refused", "ignored", "held"];

    private static JsonObject SamplePayload(string name)
        => JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "events", "remediator", "outcomes", name + ".json")))!["detail"]!["responsePayload"]!.AsObject();

    private static async Task<JsonObject> RealAsync(string outcome)
    {
        var h = new RemediatorHarness();
        h.Ecs.Tasks.Clear();
        h.Ecs.Tasks.AddRange(outcome == "guard" ? [Task("b", health: "UNHEALTHY")] : [Task("a"), Task("b", health: "UNHEALTHY"), Task("c"), Task("w1", "worker"), Task("w2", "worker")]);
        var settings = Settings.Create(outcome == "refused" ? "prod/worker" : "prod/api,prod/worker", maxEventAge: outcome == "ignored" ? TimeSpan.FromMinutes(1) : null,
            fleetMaxStops: outcome == "held" ? 1 : RemediatorSettings.DefaultFleetMaxStops);
        if (outcome == "ignored")
        {
            h.Clock.Advance(TimeSpan.FromMinutes(2));
        }

        if (outcome == "held")
        {
            // Another service spends the budget first.
            await h.InvokeAsync(Events.EventBridge("w", service: "worker"), settings);
        }

        JsonElement output = default;
        for (var i = 0; i < (outcome == "duplicate" ? 2 : 1); i++)
        {
            output = await h.InvokeAsync(Events.EventBridge("a"), settings, links: new ConsoleLinks("us-east-1", "/aws/lambda/x"),
                traceId: "Root=1-674054a8-0b1c2d3e4f5a6b7c8d9e0f1a;Parent=53995c3f42cd8ad8;Sampled=1");
        }

        return JsonNode.Parse(output.GetRawText())!.AsObject();
    }

    [Theory]
    [MemberData(nameof(SuccessfulOutcomes))]
    public async Task A_sample_response_has_the_fields_of_a_real_one(string outcome)
    {
        var real = await RealAsync(outcome);
        var sample = SamplePayload(outcome);

        Assert.Equal(real.Select(p => p.Key), sample.Select(p => p.Key));
        Assert.Equal((string?)real["action"], (string?)sample["action"]);
    }

    [Theory]
    [MemberData(nameof(SuccessfulOutcomes))]
    public void A_sample_summary_is_the_one_this_code_writes_for_its_fields(string outcome)
    {
        var sample = SamplePayload(outcome);
        var result = JsonSerializer.Deserialize(sample.ToJsonString(), RemediatorJsonContext.Default.RemediationResult)!;

        Assert.Equal((string?)sample["summary"], OutcomeReport.Summarize(result, "ALARM"));
    }
}
