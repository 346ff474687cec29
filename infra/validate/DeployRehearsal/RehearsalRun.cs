using System.Text.Json.Nodes;

namespace LambdaSuite.DeployRehearsal;

/// <summary>What a rehearsal may be given in place of the repository's own files (tests change them).</summary>
internal sealed record RehearsalOptions(
    Func<List<JsonNode?>, List<JsonNode?>>? ExecutionPolicy = null,
    Func<HandlerFacts, HandlerFacts>? Facts = null,
    IEnumerable<Scenario>? Scenarios = null);

/// <summary>
/// The whole rehearsal: for each <see cref="Scenario"/>, the environment's access stack as
/// infra/github-oidc.yaml creates it, the SAM-transformed template.yaml planned as the first
/// <c>sam deploy</c> would create it (code in the environment's artifact bucket, as sam package puts
/// it), <see cref="Rehearsal"/> of the execution role's policy against it, and
/// <see cref="BoundaryCheck"/> of its roles against the environment's permissions boundary, and
/// <see cref="DashboardCheck"/> of its dashboard's body.
/// </summary>
internal static class RehearsalRun
{
    public static HandlerFacts Facts(string root) => HandlerFacts.Load(Path.Combine(root, "infra", "validate", "resource-handlers.json"));

    public static ResourceModel Model(string root) => ResourceModel.Load(Path.Combine(root, "infra", "validate", "resource-model.json"));

    public static List<(Scenario Scenario, RehearsalReport Report)> Run(string root, JsonObject transformed, RehearsalOptions? options = null)
    {
        var facts = Facts(root);
        facts = options?.Facts?.Invoke(facts) ?? facts;
        var model = Model(root);
        var rehearsal = new Rehearsal(facts, model);
        var results = new List<(Scenario, RehearsalReport)>();
        foreach (var scenario in options?.Scenarios ?? Scenarios.All(Triggers(transformed)))
        {
            var access = AccessStack.Create(root, scenario.AccessParameters, Scenarios.Placement, model, facts);
            var stack = PlanSuite(root, transformed, scenario.TemplateParameters, access, model, facts);
            // First: reading the body evaluates it, and what cannot be evaluated joins the plan's problems.
            var dashboards = DashboardCheck.Check(stack).ToList();
            var policy = access.ExecutionPolicy;
            var report = rehearsal.Check(stack, options?.ExecutionPolicy?.Invoke(policy) ?? policy);
            var outside = BoundaryCheck.Check(stack, access.Boundary.Arn!, access.BoundaryPolicy).ToList();
            var summary = string.Join("; ", DashboardCheck.Dashboards(stack).Select(d => $"dashboard {d.Dashboard.Name}: {d.Body.Widgets} widgets, {d.Body.Metrics.Count} metrics, {d.Body.Alarms.Count} alarms"));
            results.Add((scenario, report with { Findings = [.. report.Findings, .. outside, .. dashboards], Dashboards = summary }));
        }

        return results;
    }

    /// <summary>The ShipperTrigger values the template allows.</summary>
    public static IEnumerable<string> Triggers(JsonObject transformed) => transformed["Parameters"]!["ShipperTrigger"]!["AllowedValues"]!.AsArray().Select(v => (string)v!);

    /// <summary>The environment's stack lambdasuite-&lt;EnvironmentName&gt; as its first deploy through <paramref name="access"/> creates it.</summary>
    public static StackPlan PlanSuite(string root, JsonObject transformed, IReadOnlyDictionary<string, string> parameters, AccessStack access, ResourceModel model, HandlerFacts facts)
    {
        var template = WithCodeIn(transformed, access.ArtifactBucket.Name!);
        var stackName = AccessStack.SuiteStackNameOf(parameters["EnvironmentName"]);
        return StackPlan.Create(new StackInput(template, Path.Combine(root, "template.yaml"), parameters, stackName, access.Plan.Input.Placement, model, facts, access.ExecutionRole.Arn!));
    }

    /// <summary>Where sam package puts each function's code: the --s3-bucket given to sam deploy.</summary>
    private static JsonObject WithCodeIn(JsonObject transformed, string bucket)
    {
        var copy = transformed.DeepClone().AsObject();
        foreach (var (_, resource) in copy["Resources"]!.AsObject())
        {
            if ((string?)resource!["Type"] == "AWS::Lambda::Function" && resource["Properties"]?["Code"] is JsonObject code)
            {
                code["S3Bucket"] = bucket;
            }
        }

        return copy;
    }
}
