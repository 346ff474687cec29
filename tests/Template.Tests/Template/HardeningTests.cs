using System.Text.Json.Nodes;
using LambdaSuite.Template.Tests.Fixtures;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

/// <summary>
/// Every queue refuses plain HTTP; the user pool offers MFA, matches usernames case-insensitively and
/// carries its environment; the alarm topic takes pages from this stack's alarms only.
/// </summary>
public sealed class HardeningTests
{
    [Theory]
    [InlineData("S3Notification")]
    [InlineData("EventBridge")]
    [InlineData("Sqs")]
    public void Every_queue_has_a_policy_that_denies_requests_without_TLS(string trigger)
    {
        var deployed = new DeployedTemplate(new Dictionary<string, string> { ["ShipperTrigger"] = trigger });
        var queues = deployed.Resources.Where(r => (string?)r.Value["Type"] == "AWS::SQS::Queue").Select(r => r.Key).ToList();
        var policies = deployed.Resources.Values.Where(r => (string?)r["Type"] == "AWS::SQS::QueuePolicy").Select(r => r["Properties"]!.AsObject()).ToList();

        Assert.NotEmpty(queues);
        Assert.All(queues, queue =>
        {
            var policy = Assert.Single(policies, p => p["Queues"]!.AsArray().Any(q => (string?)q!["Ref"] == queue));
            var deny = Assert.Single(policy["PolicyDocument"]!["Statement"]!.AsArray(), s => (string?)s!["Sid"] == "DenyInsecureTransport")!;
            Assert.Equal(
                $$$$"""{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":{"Fn::GetAtt":["{{{{queue}}}}","Arn"]},"Condition":{"Bool":{"aws:SecureTransport":"false"}}}""",
                deny.ToJsonString());
        });
    }

    [Fact]
    public void The_user_pool_offers_authenticator_app_MFA_ignores_username_case_and_is_tagged_with_its_environment()
    {
        var pool = new DeployedTemplate(new Dictionary<string, string> { ["EnvironmentName"] = "prod" }).Properties("UserPool");

        Assert.Equal("OPTIONAL", (string?)pool["MfaConfiguration"]);
        Assert.Equal("""["SOFTWARE_TOKEN_MFA"]""", pool["EnabledMfas"]!.ToJsonString());
        Assert.Equal("""{"CaseSensitive":false}""", pool["UsernameConfiguration"]!.ToJsonString());
        Assert.Equal("""{"lambdasuite:environment":{"Ref":"EnvironmentName"}}""", pool["UserPoolTags"]!.ToJsonString());
    }

    [Theory]
    [InlineData("OFF", "ESSENTIALS")]
    [InlineData("AUDIT", "PLUS")]
    [InlineData("ENFORCED", "PLUS")]
    public void Threat_protection_moves_the_pool_to_the_Plus_plan(string mode, string tier)
    {
        var pool = new DeployedTemplate(new Dictionary<string, string> { ["UserPoolThreatProtection"] = mode }).Properties("UserPool");

        Assert.Equal(tier, (string?)pool["UserPoolTier"]);
        Assert.Equal("""{"Ref":"UserPoolThreatProtection"}""", pool["UserPoolAddOns"]!["AdvancedSecurityMode"]!.ToJsonString());
    }

    [Fact]
    public void Threat_protection_is_off_by_default()
        => Assert.Equal("OFF", (string?)LambdaSuite.LocalInvoke.CfnYaml.LoadFile(LambdaSuite.TestSupport.RepositoryPaths.Combine("template.yaml"))["Parameters"]!["UserPoolThreatProtection"]!["Default"]);

    [Fact]
    public void The_alarm_topic_takes_pages_from_this_stacks_alarms_only_the_nested_units_included()
    {
        var suite = Rehearsed.Suite("dev");
        var topic = suite.Resource("AlarmTopic")!.Arn!;
        var policy = suite.Values(suite.Resource("AlarmTopicPolicy")!, "PolicyDocument.Statement");
        bool MayPublish(string alarm) => LambdaSuite.DeployRehearsal.PolicyEvaluation.Matching(policy, "Allow", "sns:Publish", topic, new Dictionary<string, string>
        {
            ["aws:SourceAccount"] = "111122223333",
            ["aws:SourceArn"] = alarm,
        }).Count > 0;
        var alarms = suite.AllResources.Where(r => r.Type == "AWS::CloudWatch::Alarm").ToList();

        Assert.Contains(alarms, a => a.Stack.Parent is not null);
        Assert.All(alarms, a => Assert.True(MayPublish(a.Arn!), a.ToString()));
        Assert.False(MayPublish("arn:aws:cloudwatch:ap-southeast-2:111122223333:alarm:lambdasuite-prod-LogShipperErrorsAlarm-ABC"));
        Assert.False(MayPublish("arn:aws:cloudwatch:ap-southeast-2:111122223333:alarm:lambdasuite-deveu-LogShipperErrorsAlarm-ABC"));
        Assert.False(MayPublish("arn:aws:cloudwatch:ap-southeast-2:111122223333:alarm:my-own-alarm"));
    }
}
