using System.Text.Json.Nodes;
using LambdaSuite.Template.Tests.Fixtures;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

/// <summary>
/// The alarm unit (infra/alarms/ecs-service.yaml), its instance in template.yaml, and what lets
/// its alarms reach the Remediator with no hand edits; plus tracing on every function.
/// </summary>
public sealed class ServiceAlarmTemplateTests
{
    private static readonly JsonObject Template = CfnYaml.LoadFile(RepositoryPaths.Combine("template.yaml"));
    private static readonly JsonObject Unit = CfnYaml.LoadFile(RepositoryPaths.Combine("infra", "alarms", "ecs-service.yaml"));

    // The prefix starts with the stack name, so one environment's alarms never reach another's Remediator.
    private const string StackScopedPrefix = """{"Fn::Sub":"${AWS::StackName}-${RemediatorAlarmNamePrefix}"}""";

    private static JsonObject Resource(JsonObject template, string id) => template["Resources"]![id]!.AsObject();

    private static JsonNode Properties(JsonObject template, string id) => Resource(template, id)["Properties"]!;

    private static readonly TemplateIntrinsics OneService = new(Unit, new Dictionary<string, string>
    {
        ["AlarmNamePrefix"] = "lambdasuite-remediate-",
        ["ClusterName"] = "prod",
        ["ServiceName"] = "api",
        ["LoadBalancerFullName"] = "app/prod-alb/50dc6c495c0c9188",
        ["TargetGroupFullName"] = "targetgroup/prod-api/cbf133c568e0d028",
        ["MinimumRequests"] = "20",
        ["ErrorRateThresholdPercent"] = "5",
        ["EvaluationPeriods"] = "3",
        ["UnhealthyHostThreshold"] = "1",
    });

    [Fact]
    public void The_5xx_rate_alarm_divides_target_5xx_by_requests_of_the_target_group_and_treats_no_data_as_healthy()
    {
        var alarm = Properties(Unit, "TargetErrorRateAlarm");
        var metrics = alarm["Metrics"]!.AsArray();
        var byId = metrics.ToDictionary(m => (string)m!["Id"]!, m => m!);

        Assert.Equal("HTTPCode_Target_5XX_Count", (string?)byId["errors"]["MetricStat"]!["Metric"]!["MetricName"]);
        Assert.Equal("RequestCount", (string?)byId["requests"]["MetricStat"]!["Metric"]!["MetricName"]);
        foreach (var id in new[] { "errors", "requests" })
        {
            Assert.Equal("AWS/ApplicationELB", (string?)byId[id]["MetricStat"]!["Metric"]!["Namespace"]);
            Assert.Equal("Sum", (string?)byId[id]["MetricStat"]!["Stat"]);
            Assert.Equal("""[{"Name":"LoadBalancer","Value":"app/prod-alb/50dc6c495c0c9188"},{"Name":"TargetGroup","Value":"targetgroup/prod-api/cbf133c568e0d028"}]""",
                OneService.Resolve(byId[id]["MetricStat"]!["Metric"]!["Dimensions"])!.ToJsonString());
            Assert.False((bool)byId[id]["ReturnData"]!);
        }

        Assert.Equal("IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)", (string?)OneService.Resolve(byId["errorRate"]["Expression"]));
        Assert.True((bool)byId["errorRate"]["ReturnData"]!);
        Assert.Equal("notBreaching", (string?)alarm["TreatMissingData"]);
        Assert.Equal("GreaterThanThreshold", (string?)alarm["ComparisonOperator"]);
        Assert.Equal("""{"Ref":"ErrorRateThresholdPercent"}""", alarm["Threshold"]!.ToJsonString());
        Assert.Equal("""{"Ref":"EvaluationPeriods"}""", alarm["EvaluationPeriods"]!.ToJsonString());
    }

    [Fact]
    public void The_unhealthy_host_alarm_is_optional_and_watches_the_same_target_group()
    {
        var resource = Resource(Unit, "UnhealthyHostsAlarm");
        var alarm = resource["Properties"]!;

        Assert.Equal("CreateUnhealthyHostAlarm", (string?)resource["Condition"]);
        Assert.Equal("""{"Fn::Equals":[{"Ref":"UnhealthyHostAlarm"},"true"]}""", Unit["Conditions"]!["CreateUnhealthyHostAlarm"]!.ToJsonString());
        Assert.Equal("UnHealthyHostCount", (string?)alarm["MetricName"]);
        Assert.Equal("""[{"Name":"LoadBalancer","Value":"app/prod-alb/50dc6c495c0c9188"},{"Name":"TargetGroup","Value":"targetgroup/prod-api/cbf133c568e0d028"}]""",
            OneService.Resolve(alarm["Dimensions"])!.ToJsonString());
        Assert.Equal("notBreaching", (string?)alarm["TreatMissingData"]);
    }

    [Theory]
    [InlineData("TargetErrorRateAlarm", "lambdasuite-remediate-prod/api/target-5xx-rate")]
    [InlineData("UnhealthyHostsAlarm", "lambdasuite-remediate-prod/api/unhealthy-hosts")]
    public void Both_alarms_carry_the_prefix_and_name_their_service(string id, string name)
        => Assert.Equal(name, (string?)OneService.Resolve(Properties(Unit, id)["AlarmName"]));

    [Fact]
    public void Template_yaml_nests_the_unit_once_when_a_service_is_named_and_passes_every_parameter_it_needs()
    {
        var app = Resource(Template, "RemediatedServiceAlarms");
        Assert.Equal("AWS::Serverless::Application", (string?)app["Type"]);
        Assert.Equal("AlarmRemediatedService", (string?)app["Condition"]);
        Assert.Equal("""{"Fn::Not":[{"Fn::Equals":[{"Ref":"RemediatedServiceName"},""]}]}""", Template["Conditions"]!["AlarmRemediatedService"]!.ToJsonString());
        var location = (string)app["Properties"]!["Location"]!;
        Assert.Equal(RepositoryPaths.Combine("infra", "alarms", "ecs-service.yaml"), RepositoryPaths.Combine(location.Split('/')));

        var passed = app["Properties"]!["Parameters"]!.AsObject();
        var declared = Unit["Parameters"]!.AsObject();
        Assert.All(passed, p => Assert.True(declared.ContainsKey(p.Key), $"{p.Key} is not a parameter of the unit"));
        Assert.All(declared.Where(d => d.Value!["Default"] is null), d => Assert.True(passed.ContainsKey(d.Key), $"{d.Key} (no default) is not passed"));
        // The names the Remediator reads and the rule matches come from the Remediator's own parameters.
        Assert.Equal(StackScopedPrefix, passed["AlarmNamePrefix"]!.ToJsonString());
        Assert.Equal("""{"Ref":"RemediatorClusterName"}""", passed["ClusterName"]!.ToJsonString());
        Assert.Equal("""{"Fn::If":["CreateAlarmTopic",{"Ref":"AlarmTopic"},{"Ref":"AlarmTopicArn"}]}""", passed["AlarmTopicArn"]!.ToJsonString());
        // The output template.yaml reads exists in the unit.
        var output = Template["Outputs"]!["RemediatedServiceAlarmName"]!["Value"]!["Fn::GetAtt"]!.AsArray();
        Assert.True(Unit["Outputs"]!.AsObject().ContainsKey(((string)output[1]!)["Outputs.".Length..]));
    }

    [Fact]
    public void The_function_reads_alarm_names_by_the_rule_prefix_and_allows_the_alarmed_service()
    {
        var variables = Properties(Template, "RemediatorFunction")["Environment"]!["Variables"]!;
        Assert.Equal(StackScopedPrefix, variables["ALARM_NAME_PREFIX"]!.ToJsonString());

        string Allowed(string allowList, string service) => (string)new TemplateIntrinsics(Template, new Dictionary<string, string>
        {
            ["RemediatorAllowedServices"] = allowList,
            ["RemediatorClusterName"] = "prod",
            ["RemediatedServiceName"] = service,
        }).Resolve(Choose(variables["ALLOWED_SERVICES"]!, allowList, service))!;

        Assert.Equal("prod/api", Allowed("", "api"));
        Assert.Equal("prod/worker,prod/api", Allowed("prod/worker", "api"));
        Assert.Equal("prod/worker", Allowed("prod/worker", ""));
    }

    [Fact]
    public void A_deploy_without_any_service_is_refused_by_a_rule()
    {
        var assertion = Template["Rules"]!["RemediatorNeedsAService"]!["Assertions"]![0]!["Assert"]!.ToJsonString();

        Assert.Equal("""{"Fn::Or":[{"Fn::Not":[{"Fn::Equals":[{"Ref":"RemediatorAllowedServices"},""]}]},{"Fn::Not":[{"Fn::Equals":[{"Ref":"RemediatedServiceName"},""]}]}]}""", assertion);
    }

    [Fact]
    public void Every_function_is_traced_and_every_role_may_write_traces_with_no_wildcard_action()
    {
        Assert.Equal("Active", (string?)Template["Globals"]!["Function"]!["Tracing"]);
        var tracedRoles = new List<string>();
        foreach (var (id, role) in Template["Resources"]!.AsObject().Where(r => (string?)r.Value!["Type"] == "AWS::IAM::Role"))
        {
            var statements = role!["Properties"]!["Policies"]!.AsArray().SelectMany(p => p!["PolicyDocument"]!["Statement"]!.AsArray()).ToList();
            Assert.All(statements, s => Assert.DoesNotContain("*", s!["Action"]?.ToJsonString() ?? string.Empty, StringComparison.Ordinal));
            // Function roles write traces; others (the Batch Operations role) run no code to trace.
            if (!role["Properties"]!["AssumeRolePolicyDocument"]!.ToJsonString().Contains("\"lambda.amazonaws.com\"", StringComparison.Ordinal))
            {
                continue;
            }

            var traces = Assert.Single(statements, s => (string?)s!["Sid"] == "WriteTraces")!;
            Assert.Equal("""["xray:PutTraceSegments","xray:PutTelemetryRecords"]""", traces["Action"]!.ToJsonString());
            tracedRoles.Add(id);
        }

        Assert.Equal(["LogShipperRole", "PostConfirmationRole", "RemediatorRole"], tracedRoles.Order(StringComparer.Ordinal));
    }

    /// <summary>Evaluates the Fn::If branches of ALLOWED_SERVICES for the given parameter values.</summary>
    private static JsonNode Choose(JsonNode node, string allowList, string service)
    {
        if (node is not JsonObject { Count: 1 } o || !o.ContainsKey("Fn::If"))
        {
            return node;
        }

        var branches = o["Fn::If"]!.AsArray();
        var holds = (string)branches[0]! switch
        {
            "AlarmRemediatedService" => service.Length > 0,
            "RemediatorHasAllowList" => allowList.Length > 0,
            var other => throw new NotSupportedException(other),
        };
        return Choose(branches[holds ? 1 : 2]!, allowList, service);
    }
}
