using System.Text.Json.Nodes;
using LambdaSuite.Deploy.Tests.Fixtures;
using LambdaSuite.DeployRehearsal;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Deploy.Tests.DeployRehearsal;

/// <summary>
/// The deploy rehearsal's check of the dashboard's body (cfn-lint does not read inside it): its shape
/// as CloudWatch documents it, and, for every ShipperTrigger value, the alarms and resources it names
/// against the stack planned under the same parameters.
/// </summary>
public sealed class DashboardCheckTests
{
    private const string Metric = """["LambdaSuite", "ObjectsShipped", "FunctionName", "f"]""";

    private static string Widget(string properties, string type = "metric", int x = 0, int y = 0, int width = 6)
        => $$"""{"type": "{{type}}", "x": {{x}}, "y": {{y}}, "width": {{width}}, "height": 6, "properties": {{properties}}}""";

    private static string Body(params string[] widgets) => $$"""{"widgets": [{{string.Join(",", widgets)}}]}""";

    private static string MetricWidget(string metrics, string extra = "") => Widget($$"""{"region": "eu-west-1"{{extra}}, "metrics": [{{metrics}}]}""");

    [Fact]
    public void A_well_formed_body_gives_its_metrics_with_the_dots_filled_in_and_its_alarms()
    {
        var body = DashboardBody.Parse(Body(
            MetricWidget(Metric + """, [".", "ObjectsFailed", ".", ".", {"label": "failed", "stat": "p99.9", "yAxis": "right"}], [{"expression": "m1 + m2", "label": "sum"}]""", """, "stat": "Sum", "period": 300, "annotations": {"horizontal": [{"value": 300, "label": "objective"}]}"""),
            Widget("""{"alarms": ["arn:aws:cloudwatch:eu-west-1:111122223333:alarm:a"], "sortBy": "stateUpdatedTimestamp", "title": "Alarms"}""", "alarm", x: 6),
            Widget("""{"markdown": "# hello"}""", "text", x: 12)));

        Assert.Empty(body.Problems);
        Assert.Equal(3, body.Widgets);
        Assert.Equal([("ObjectsShipped", "f"), ("ObjectsFailed", "f")], body.Metrics.Select(m => (m.Name, m.Dimensions["FunctionName"])));
        Assert.All(body.Metrics, m => Assert.Equal("LambdaSuite", m.Namespace));
        Assert.Equal("arn:aws:cloudwatch:eu-west-1:111122223333:alarm:a", Assert.Single(body.Alarms).Arn);
    }

    public static TheoryData<string, string> BrokenBodies => new()
    {
        { """{"widgets": [}""", "not JSON" },
        { """{"widget": []}""", "not an object with a widgets array" },
        { Body(Widget("""{"markdown": "x"}""", "chart")), "widget 0 (chart): type must be one of metric, text, log, alarm, explorer" },
        { Body(Widget("""{"markdown": "x"}""", "text", x: 20)), "widget 0 (text): x 20 + width 6 is beyond the 24 columns" },
        { Body(Widget("""{"markdown": "x"}""", "text"), Widget("""{"markdown": "y"}""", "text", x: 3)), "widget 1 (text) overlaps widget 0 (text)" },
        { Body(MetricWidget("""["LambdaSuite", "ObjectsShipped", "FunctionName"]""")), "metrics[0]: expected [namespace, metric name, dimension name, value, ..., {options}]" },
        { Body(MetricWidget("""[".", "ObjectsShipped"]""")), "metrics[0]: \".\" at position 0 has nothing before it to repeat" },
        { Body(MetricWidget("""["LambdaSuite", "ObjectsShipped", "FunctionName", ""]""")), "metrics[0]: position 3 is empty" },
        { Body(MetricWidget(Metric, """, "stat": "Total" """)), "stat \"Total\" is not a CloudWatch statistic" },
        { Body(MetricWidget(Metric, """, "period": 90""")), "period 90 must be a multiple of 60 seconds" },
        { Body(MetricWidget(Metric, """, "anotations": {}""")), "unknown property anotations" },
        { Body(MetricWidget(Metric, """, "annotations": {"horizontal": [{"value": "${ShipLagObjectiveSeconds}"}]}""")), "a horizontal annotation needs a numeric value" },
        { Body(Widget("""{"metrics": [["LambdaSuite", "ObjectsShipped"]]}""")), "widget 0 (metric): no region" },
        { Body(Widget("""{"alarms": []}""", "alarm")), "widget 0 (alarm): alarms must be 1-100 alarm ARNs" },
        { Body(Widget("""{"alarms": ["arn:a", "arn:a"]}""", "alarm")), "alarm arn:a listed 2 times" },
    };

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public void A_broken_body_is_reported_naming_the_widget(string text, string problem)
    {
        var problems = DashboardBody.Parse(text).Problems;

        Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("S3Notification", new string[0])]
    [InlineData("EventBridge", new[] { "LogShipperRuleDeadLetterQueue" })]
    [InlineData("Sqs", new[] { "LogShipperEventQueue", "LogShipperEventDeadLetterQueue" })]
    public void Each_trigger_charts_its_own_queues_and_shows_every_alarm_of_the_stack(string trigger, string[] triggerQueues)
    {
        var stack = Rehearsed.Suite(Scenarios.Environment, trigger);
        var (_, body) = Assert.Single(DashboardCheck.Dashboards(stack));

        Assert.Empty(DashboardCheck.Check(stack));
        var queues = body.Metrics.Where(m => m.Namespace == "AWS/SQS").Select(m => stack.AllResources.Single(r => r.Name == m.Dimensions["QueueName"]).LogicalId).Distinct();
        Assert.Equal(["LogShipperFailureQueue", .. triggerQueues], queues);
        var alarms = stack.AllResources.Where(r => r.Type == "AWS::CloudWatch::Alarm").Select(r => r.Arn).Order();
        Assert.Equal(alarms, body.Alarms.Select(a => a.Arn).Order());
        Assert.Contains(body.Alarms, a => a.Arn.EndsWith(":alarm:lambdasuite-rehearsal0001-remediate-rehearsal0001-cluster/api/unhealthy-hosts", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_its_optional_parts_the_stack_has_neither_their_alarms_nor_their_widgets()
    {
        var parameters = Scenarios.TemplateParameters("S3Notification");
        parameters["ShipperBatchOperationsRole"] = "false";
        parameters["RemediatorFleetMaxStops"] = "0";
        parameters["RemediatedServiceName"] = string.Empty;
        var stack = RehearsalRun.PlanSuite(LambdaSuite.TestSupport.RepositoryPaths.Root, Rehearsed.Transformed, parameters, Rehearsed.Access(Scenarios.Environment), Rehearsed.Model, Rehearsed.Facts);
        var (_, body) = Assert.Single(DashboardCheck.Dashboards(stack));
        var alarms = stack.AllResources.Where(r => r.Type == "AWS::CloudWatch::Alarm").Select(r => r.LogicalId).ToList();

        Assert.Empty(stack.Problems);
        Assert.Empty(DashboardCheck.Check(stack));
        Assert.Equal(20, alarms.Count);
        Assert.Contains("LogShipperShipLagAlarm", alarms);
        Assert.Contains("RemediatorRateAlarm", alarms);
        Assert.DoesNotContain("LogShipperBatchFailuresAlarm", alarms);
        Assert.DoesNotContain("RemediatorFleetBrakeAlarm", alarms);
        Assert.Equal(20, body.Alarms.Count);
        Assert.DoesNotContain(body.Metrics, m => m.Name == "FleetBrakeEngaged");
        Assert.Equal(13, body.Widgets);
    }

    [Fact]
    public void An_alarm_left_off_the_alarm_widget_or_shown_without_its_condition_is_reported()
    {
        var transformed = Rehearsed.Transformed;
        var sub = transformed["Resources"]!["OperationsDashboard"]!["Properties"]!["DashboardBody"]!["Fn::Sub"]!;
        sub[0] = sub[0]!.GetValue<string>().Replace("\"${RemediatorRateAlarm.Arn}\", ", string.Empty, StringComparison.Ordinal);
        // The Sqs trigger's alarms shown under the EventBridge trigger's condition.
        var optional = sub[1]!["OptionalAlarms"]!["Fn::Join"]![1]!;
        optional[0]!["Fn::If"]![0] = "LogShipperTriggerEventBridge";

        var results = RehearsalRun.Run(LambdaSuite.TestSupport.RepositoryPaths.Root, transformed).ToDictionary(r => r.Scenario.Name, r => r.Report.Findings);

        Assert.All(results.Values, findings => Assert.Contains(findings, f => f.StartsWith(
            "dashboard: OperationsDashboard: no alarm widget shows RemediatorRateAlarm (arn:aws:cloudwatch:ap-southeast-2:111122223333:alarm:lambdasuite-rehearsal0001-RemediatorRateAlarm-", StringComparison.Ordinal)));
        Assert.Contains(results["ShipperTrigger=EventBridge"], f => f.StartsWith("cannot plan: ", StringComparison.Ordinal) && f.Contains("${LogShipperEventDeadLetterQueueAlarms.Outputs.AlarmArns}", StringComparison.Ordinal));
        // A unit's ARN list that cannot be planned leaves the alarm widget's list unreadable.
        Assert.Contains(results["ShipperTrigger=EventBridge"], f => f.StartsWith("dashboard: OperationsDashboard body: ", StringComparison.Ordinal));
        // And where they exist, the dashboard no longer shows them.
        Assert.Contains(results["ShipperTrigger=Sqs"], f => f.StartsWith("dashboard: OperationsDashboard: no alarm widget shows DepthAlarm (nested stack lambdasuite-rehearsal0001-LogShipperEventDeadLetterQueueAlarms-", StringComparison.Ordinal));
        Assert.DoesNotContain(results["ShipperTrigger=S3Notification"], f => f.Contains("LogShipperEventDeadLetter", StringComparison.Ordinal));
    }

    [Fact]
    public void A_metric_of_a_function_or_queue_the_stack_does_not_have_is_reported()
    {
        var transformed = Rehearsed.Transformed;
        var sub = transformed["Resources"]!["OperationsDashboard"]!["Properties"]!["DashboardBody"]!["Fn::Sub"]!;
        sub[0] = sub[0]!.GetValue<string>()
            .Replace("\"LockTakeovers\", \"FunctionName\", \"${RemediatorFunction}\"", "\"LockTakeovers\", \"FunctionName\", \"${AWS::StackName}-Remediator\"", StringComparison.Ordinal)
            .Replace("\"${LogShipperFailureQueue.QueueName}\"", "\"${AWS::StackName}-failures\"", StringComparison.Ordinal);

        var findings = Rehearsed.Findings(transformed);

        Assert.Contains("dashboard: OperationsDashboard widget 5 (metric \"Remediator: lock takeovers and fleet brake\"): LambdaSuite LockTakeovers FunctionName=lambdasuite-rehearsal0001-Remediator names no AWS::Lambda::Function of the stack", findings);
        Assert.Contains(findings, f => f.StartsWith("dashboard: OperationsDashboard widget 3 (metric \"LogShipper: on-failure queue (oldest age on the right)\"): AWS/SQS ApproximateNumberOfMessagesVisible QueueName=lambdasuite-rehearsal0001-failures names no AWS::SQS::Queue of the stack", StringComparison.Ordinal));
    }
}
