namespace LambdaSuite.DeployRehearsal;

/// <summary>
/// The dashboards of a planned stack, their bodies as CloudFormation would send them to PutDashboard
/// (cfn-lint does not look inside the string; PutDashboard refuses a body it cannot read, which fails
/// the deploy): the body's shape (<see cref="DashboardBody"/>), every metric widget in the stack's
/// Region, every FunctionName and QueueName a metric names a function or queue of the stack, every
/// alarm a widget shows an alarm of the stack under the same parameters, and every alarm of the stack
/// (nested stacks included) on an alarm widget.
/// </summary>
internal static class DashboardCheck
{
    private static readonly Dictionary<string, string> NamedResources = new(StringComparer.Ordinal)
    {
        ["FunctionName"] = "AWS::Lambda::Function",
        ["QueueName"] = "AWS::SQS::Queue",
    };

    /// <summary>Each dashboard of the stack with its body read.</summary>
    public static IEnumerable<(PlannedResource Dashboard, DashboardBody Body)> Dashboards(StackPlan stack)
        => stack.AllResources.Where(r => r.Type == "AWS::CloudWatch::Dashboard").Select(d => (d, DashboardBody.Parse(d.Stack.Texts(d, "DashboardBody").FirstOrDefault() ?? string.Empty)));

    public static IEnumerable<string> Check(StackPlan stack)
    {
        var resources = stack.AllResources.ToList();
        var alarms = resources.Where(r => r.Type == "AWS::CloudWatch::Alarm").ToDictionary(r => r.Arn ?? r.LogicalId, StringComparer.Ordinal);
        foreach (var (dashboard, body) in Dashboards(stack))
        {
            foreach (var problem in body.Problems)
            {
                yield return $"dashboard: {dashboard} body: {problem}";
            }

            foreach (var (widget, region) in body.Regions.Where(r => r.Region != stack.Input.Placement.Region))
            {
                yield return $"dashboard: {dashboard} {widget}: region {region}, not the stack's {stack.Input.Placement.Region}";
            }

            foreach (var metric in body.Metrics)
            {
                foreach (var (dimension, type) in NamedResources)
                {
                    if (metric.Dimensions.TryGetValue(dimension, out var value) && !resources.Any(r => r.Type == type && r.Name == value))
                    {
                        yield return $"dashboard: {dashboard} {metric.Widget}: {metric.Namespace} {metric.Name} {dimension}={value} names no {type} of the stack";
                    }
                }
            }

            foreach (var (widget, arn) in body.Alarms.Where(a => !alarms.ContainsKey(a.Arn)))
            {
                yield return $"dashboard: {dashboard} {widget}: {arn} is no alarm of the stack";
            }

            var shown = body.Alarms.Select(a => a.Arn).ToHashSet(StringComparer.Ordinal);
            foreach (var (arn, alarm) in alarms.Where(a => !shown.Contains(a.Key)))
            {
                yield return $"dashboard: {dashboard}: no alarm widget shows {alarm} ({arn})";
            }
        }
    }
}
