using System.Text.Json.Nodes;
using LambdaSuite.DeployRehearsal;
using LambdaSuite.LocalInvoke;

namespace LambdaSuite.Ops.IntegrationTests.Fixtures;

/// <summary>A metric an alarm or a dashboard widget reads; <see cref="Function"/> is the logical id of the function its FunctionName names, if any.</summary>
internal sealed record WatchedMetric(string Scenario, string Reader, string Namespace, string Name, IReadOnlyDictionary<string, string> Dimensions, string? Unit, string? Function);

/// <summary>
/// What the stack reads in a namespace, from template.yaml as CloudFormation would deploy it (the deploy
/// rehearsal's plan: conditions, parameters and every intrinsic resolved): each alarm's metric (or each
/// metric of its math) and each metric of the dashboard's widgets.
/// </summary>
internal static class WatchedMetrics
{
    public static List<WatchedMetric> Read(StackPlan stack, string scenario, string metricsNamespace)
    {
        var functions = stack.AllResources.Where(r => r.Type == "AWS::Lambda::Function").ToList();
        string? FunctionOf(IReadOnlyDictionary<string, string> dimensions)
            => dimensions.TryGetValue("FunctionName", out var name) ? functions.Find(f => f.Name == name)?.LogicalId : null;

        var watched = new List<WatchedMetric>();
        foreach (var alarm in stack.AllResources.Where(r => r.Type == "AWS::CloudWatch::Alarm"))
        {
            // An alarm of a nested stack is read in its own stack.
            var single = alarm.Stack.Values(alarm, "MetricName").Count > 0 ? [Of(alarm.Stack, alarm, null)] : new List<AlarmMetric>();
            var math = alarm.Stack.Values(alarm, "Metrics.MetricStat").OfType<JsonObject>().Select(stat => Of(alarm.Stack, alarm, stat));
            foreach (var m in single.Concat(math).Where(m => m.Namespace == metricsNamespace))
            {
                watched.Add(new WatchedMetric(scenario, $"alarm {alarm.LogicalId}", m.Namespace, m.Name, m.Dimensions, m.Unit, FunctionOf(m.Dimensions)));
            }
        }

        foreach (var (dashboard, body) in DashboardCheck.Dashboards(stack))
        {
            watched.AddRange(body.Metrics.Where(m => m.Namespace == metricsNamespace)
                .Select(m => new WatchedMetric(scenario, $"dashboard {dashboard.LogicalId} {m.Widget}", m.Namespace, m.Name, m.Dimensions, null, FunctionOf(m.Dimensions))));
        }

        return watched;
    }

    private sealed record AlarmMetric(string Namespace, string Name, Dictionary<string, string> Dimensions, string? Unit);

    /// <summary>An alarm's own metric (<paramref name="stat"/> null) or one MetricStat of its metric math.</summary>
    private static AlarmMetric Of(StackPlan stack, PlannedResource alarm, JsonObject? stat)
    {
        var metric = stat?["Metric"]?.AsObject();
        string? Text(string alarmProperty, JsonNode? statValue) => stat is null ? stack.Texts(alarm, alarmProperty).FirstOrDefault() : statValue is null ? null : Intrinsics.Text(statValue);
        var dimensions = (stat is null ? stack.Values(alarm, "Dimensions") : [.. metric?["Dimensions"]?.AsArray().OfType<JsonNode>() ?? []])
            .ToDictionary(d => Intrinsics.Text(d["Name"]), d => Intrinsics.Text(d["Value"]), StringComparer.Ordinal);
        return new(Text("Namespace", metric?["Namespace"]) ?? string.Empty, Text("MetricName", metric?["MetricName"]) ?? string.Empty, dimensions, Text("Unit", stat?["Unit"]));
    }
}
