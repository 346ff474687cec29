using System.Text.Json.Nodes;
using LambdaSuite.DeployRehearsal;
using LambdaSuite.TestSupport;

namespace LambdaSuite.TestSupport;

/// <summary>
/// The deploy rehearsal's inputs for tests: template.yaml transformed once by AWS's SAM translator
/// (python3 with aws-sam-translator, as .ci/run installs), the handler facts and resource model, and
/// the access stack and planned suite stack of any environment.
/// </summary>
internal static class Rehearsed
{
    private static readonly Lazy<JsonObject> TransformedOnce = new(() => SamTranslation.Transform(RepositoryPaths.Root));

    public static JsonObject Transformed => TransformedOnce.Value.DeepClone().AsObject();

    public static HandlerFacts Facts { get; } = RehearsalRun.Facts(RepositoryPaths.Root);

    public static ResourceModel Model { get; } = RehearsalRun.Model(RepositoryPaths.Root);

    public static AccessStack Access(string environment, string? topics = null)
        => AccessStack.Create(RepositoryPaths.Root, Scenarios.AccessParameters(environment, topics), Scenarios.Placement, Model, Facts);

    public static StackPlan Suite(string environment, string trigger = "Sqs", JsonObject? transformed = null)
        => RehearsalRun.PlanSuite(RepositoryPaths.Root, transformed ?? Transformed, Scenarios.TemplateParameters(trigger, environment), Access(environment), Model, Facts);

    /// <summary>The findings of every scenario, each once.</summary>
    public static List<string> Findings(JsonObject? transformed = null, RehearsalOptions? options = null)
        => [.. RehearsalRun.Run(RepositoryPaths.Root, transformed ?? Transformed, options).SelectMany(r => r.Report.Findings).Distinct()];

    /// <summary>The execution role's policy with one statement (by Sid) changed or, when <paramref name="change"/> gives null, removed.</summary>
    public static Func<List<JsonNode?>, List<JsonNode?>> WithStatement(string sid, Func<JsonObject, JsonObject?> change)
        => policy => [.. policy.Select(s => (string?)s!["Sid"] == sid ? change(s.DeepClone().AsObject()) : s).Where(s => s is not null)];

    public static Func<List<JsonNode?>, List<JsonNode?>> Then(this Func<List<JsonNode?>, List<JsonNode?>> first, Func<List<JsonNode?>, List<JsonNode?>> second)
        => policy => second(first(policy));
}
