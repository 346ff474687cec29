using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LambdaSuite.DeployRehearsal;
using LambdaSuite.Template.Tests.Fixtures;
using LambdaSuite.LocalInvoke;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Events;
using LambdaSuite.LogShipper.Preflight;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

/// <summary>What template.yaml deploys for the LogShipper preflight, held to the function's own constants.</summary>
public sealed class PreflightTemplateTests
{
    private const string SourceBucket = "dev-access-logs-111122223333-eu-west-1";
    private static readonly JsonObject Template = CfnYaml.LoadFile(RepositoryPaths.Combine("template.yaml"));

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";

    /// <summary>The LogShipper role's statements for a shipping destination, every Fn::Sub filled in as CloudFormation would.</summary>
    private static List<JsonNode?> RoleStatements()
    {
        var parameters = new Dictionary<string, string> { ["DestinationBucket"] = "acme-logs", ["DestinationBucketOwner"] = "222233334444", ["DestinationPrefix"] = "env1/" };
        var deployed = new DeployedTemplate(parameters);
        var names = new Dictionary<string, string>(parameters)
        {
            ["EnvironmentName"] = "dev", ["SourcePrefix"] = "logs/", ["AWS::Partition"] = "aws", ["AWS::AccountId"] = "111122223333", ["AWS::Region"] = "eu-west-1",
        };
        var policy = new TemplateIntrinsics(Template, names).Resolve(deployed.Properties("LogShipperRole")["Policies"]![0]!["PolicyDocument"]);
        return [.. policy!["Statement"]!.AsArray()];
    }

    private static bool Allowed(List<JsonNode?> statements, string action, string key)
        => PolicyEvaluation.Matching(statements, "Allow", action, $"arn:aws:s3:::{SourceBucket}/{key}", new Dictionary<string, string> { ["aws:ResourceAccount"] = "111122223333" }).Count > 0;

    [Fact]
    public void The_role_may_write_and_read_the_canary_key_and_no_other_key_outside_SourcePrefix()
    {
        var statements = RoleStatements();

        foreach (var action in new[] { "s3:PutObject", "s3:GetObject", "s3:GetObjectVersion" })
        {
            Assert.True(Allowed(statements, action, Canary.SourceKey), $"{action} on the canary");
            foreach (var other in new[] { "preflight/canary2", "preflight/canary/x", "preflight/other", "preflight/", "batch-operations/manifests/m.csv", "x" })
            {
                Assert.False(Allowed(statements, action, other), $"{action} on {other}");
            }
        }

        // Writing to the source bucket: the canary only (reading keeps the SourcePrefix grant of shipping).
        var writes = statements.Where(s => Json(s!["Action"]).Contains("s3:PutObject", StringComparison.Ordinal) && Json(s!["Resource"]).Contains(SourceBucket, StringComparison.Ordinal)).ToList();
        var canary = Assert.Single(writes)!;
        Assert.Equal($"\"arn:aws:s3:::{SourceBucket}/{Canary.SourceKey}\"", Json(canary["Resource"]));
        Assert.False(Allowed(statements, "s3:PutObject", "logs/a.gz"));
        Assert.DoesNotContain(statements, s => Json(s!["Action"]).Contains("Delete", StringComparison.Ordinal));
    }

    [Fact]
    public void The_rule_refuses_exactly_the_SourcePrefix_values_that_cover_the_canary_key()
    {
        var assertion = Template["Rules"]!["SourcePrefixLeavesThePreflightCanary"]!["Assertions"]![0]!["Assert"]!;
        var pattern = Template["Parameters"]!["SourcePrefix"]!["AllowedPattern"]!.GetValue<string>();
        bool Accepted(string prefix) => Regex.IsMatch(prefix, pattern) && Holds(assertion, prefix);

        foreach (var covering in Enumerable.Range(1, Canary.SourceKey.Length).Select(n => Canary.SourceKey[..n]))
        {
            Assert.False(Accepted(covering), covering);
            Assert.True(Canary.CoveredBy(covering));
        }

        Assert.False(Accepted(string.Empty)); // the parameter's own pattern
        foreach (var beside in new[] { "logs/", "preflight/canary/", "preflight/canary2", "prefix/", "q", "batch-operations/" })
        {
            Assert.True(Accepted(beside), beside);
            Assert.False(Canary.CoveredBy(beside));
        }
    }

    /// <summary>The rule functions the assertion uses, as CloudFormation evaluates them.</summary>
    private static bool Holds(JsonNode node, string sourcePrefix)
    {
        var (function, args) = node.AsObject().Single();
        return function switch
        {
            "Fn::Not" => !Holds(args!.AsArray()[0]!, sourcePrefix),
            "Fn::Contains" when Json(args!.AsArray()[1]) == """{"Ref":"SourcePrefix"}""" => args.AsArray()[0]!.AsArray().Any(v => v!.GetValue<string>() == sourcePrefix),
            _ => throw new NotSupportedException(function),
        };
    }

    [Fact]
    public void The_alarm_reads_PreflightFailed_where_the_function_writes_it_and_keeps_its_state_until_the_next_preflight()
    {
        var alarm = Template["Resources"]!["LogShipperPreflightAlarm"]!["Properties"]!;

        Assert.Equal(LogShipperMetrics.PreflightFailed, alarm["MetricName"]!.GetValue<string>());
        Assert.Equal("""{"Ref":"MetricsNamespace"}""", Json(alarm["Namespace"]));
        Assert.Equal("""{"Ref":"MetricsNamespace"}""", Json(Template["Globals"]!["Function"]!["Environment"]!["Variables"]!["METRICS_NAMESPACE"]));
        Assert.Equal("""[{"Name":"FunctionName","Value":{"Ref":"LogShipperFunction"}}]""", Json(alarm["Dimensions"]));
        Assert.Equal(("Maximum", 1.0, "ignore"), (alarm["Statistic"]!.GetValue<string>(), alarm["Threshold"]!.GetValue<double>(), alarm["TreatMissingData"]!.GetValue<string>()));
        Assert.Equal("""{"Fn::GetAtt":["LogShipperRole","Arn"]}""", Json(Template["Resources"]!["LogShipperFunction"]!["Properties"]!["Environment"]!["Variables"]!["SHIPPER_ROLE_ARN"]));
    }

    [Fact]
    public void The_schedule_is_off_by_default_and_when_set_sends_the_preflight_event_with_a_permission_for_its_rule_only()
    {
        Assert.DoesNotContain(new DeployedTemplate().Resources.Keys, k => k.StartsWith("LogShipperPreflight", StringComparison.Ordinal) && k != "LogShipperPreflightAlarm");
        var t = new DeployedTemplate(new Dictionary<string, string> { ["ShipperPreflightSchedule"] = "rate(1 day)" });

        var rule = t.Properties("LogShipperPreflightRule");
        Assert.Equal("""{"Ref":"ShipperPreflightSchedule"}""", Json(rule["ScheduleExpression"]));
        var target = Assert.Single(rule["Targets"]!.AsArray())!;
        Assert.Equal("""{"Fn::GetAtt":["LogShipperFunction","Arn"]}""", Json(target["Arn"]));
        using var input = JsonDocument.Parse(target["Input"]!.GetValue<string>());
        using var sample = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "events", "logshipper", "preflight.json")));
        Assert.True(JsonElement.DeepEquals(sample.RootElement, input.RootElement));
        Assert.Equal(TriggerShape.Preflight, EventParser.Parse(input.RootElement).Shape);
        var permission = t.Properties("LogShipperPreflightInvokePermission");
        Assert.Equal(("\"events.amazonaws.com\"", """{"Fn::GetAtt":["LogShipperPreflightRule","Arn"]}"""), (Json(permission["Principal"]), Json(permission["SourceArn"])));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("rate(1 day)", true)]
    [InlineData("cron(0 6 * * ? *)", true)]
    [InlineData("daily", false)]
    [InlineData("rate(1 day) ", false)]
    public void The_schedule_takes_an_EventBridge_schedule_expression_or_nothing(string value, bool accepted)
        => Assert.Equal(accepted, Regex.IsMatch(value, Template["Parameters"]!["ShipperPreflightSchedule"]!["AllowedPattern"]!.GetValue<string>()));
}
