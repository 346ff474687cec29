using System.Text.Json.Nodes;
using LambdaSuite.Deploy.Tests.Fixtures;
using LambdaSuite.DeployRehearsal;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Deploy.Tests.DeployRehearsal;

/// <summary>
/// The deploy rehearsal (infra/validate/rehearse): the repository's execution role allows the whole
/// first deploy, and each kind of gap is reported as one line naming resource type, action and handler.
/// </summary>
public sealed class RehearsalTests
{
    [Fact]
    public void The_execution_role_allows_every_handler_action_of_every_scenario()
    {
        var results = RehearsalRun.Run(LambdaSuite.TestSupport.RepositoryPaths.Root, Rehearsed.Transformed);

        Assert.Equal(["ShipperTrigger=S3Notification", "ShipperTrigger=EventBridge", "ShipperTrigger=Sqs", "ShipperTrigger=Sqs, destination and alarm topic in this account"], results.Select(r => r.Scenario.Name));
        Assert.All(results, r => Assert.Empty(r.Report.Findings));
        // Not vacuous: the stack with its nested alarm stack, and the requests that matter most.
        Assert.All(results, r => Assert.True(r.Report.Resources > 60 && r.Report.Checked > 800, $"{r.Scenario.Name}: {r.Report.Resources} resources, {r.Report.Checked} requests"));
        var sqs = results.Single(r => r.Scenario.Name == "ShipperTrigger=Sqs").Report.Allowed;
        Assert.Contains(sqs, l => l.StartsWith("allowed: AWS::Cognito::UserPool cognito-idp:CreateUserPool (create handler) on * for UserPool", StringComparison.Ordinal) && l.Contains("aws:RequestTag/lambdasuite:environment=rehearsal0001", StringComparison.Ordinal));
        Assert.Contains(sqs, l => l.StartsWith("allowed: AWS::IAM::Role iam:CreateRole (create handler) on arn:aws:iam::111122223333:role/lambdasuite-rehearsal0001-LogShipperRole-", StringComparison.Ordinal) && l.Contains("iam:PermissionsBoundary=arn:aws:iam::111122223333:policy/lambdasuite-access/lambdasuite-access-rehearsal0001-boundary", StringComparison.Ordinal));
        Assert.Contains(sqs, l => l.StartsWith("allowed: AWS::Lambda::EventSourceMapping lambda:CreateEventSourceMapping (create handler) on * ", StringComparison.Ordinal));
        Assert.Contains(sqs, l => l.StartsWith("allowed: AWS::CloudWatch::Alarm cloudwatch:PutMetricAlarm (create handler) on arn:aws:cloudwatch:ap-southeast-2:111122223333:alarm:lambdasuite-rehearsal0001-remediate-rehearsal0001-cluster/api/target-5xx-rate for TargetErrorRateAlarm (nested stack", StringComparison.Ordinal));
    }

    [Fact]
    public void An_action_taken_out_of_the_policy_is_named_with_its_resource_type_and_handler()
    {
        // sqs:* spelled out as the handlers' SQS actions, less one.
        var sqsActions = Rehearsed.Facts.Types.Values.SelectMany(t => t.Handlers.Values.SelectMany(a => a)).Where(a => a.StartsWith("sqs:", StringComparison.Ordinal)).Distinct().ToList();
        var findings = Rehearsed.Findings(options: new RehearsalOptions(Rehearsed.WithStatement("Queues", s =>
        {
            s["Action"] = new JsonArray([.. sqsActions.Where(a => a != "sqs:TagQueue").Select(a => (JsonNode)a)]);
            return s;
        })));

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Matches(@"^missing: AWS::SQS::Queue sqs:TagQueue \((create|update) handler\) on arn:aws:sqs:ap-southeast-2:111122223333:lambdasuite-rehearsal0001-\w+-[0-9A-F]{12} for \w+$", f));
        Assert.Contains(findings, f => f.Contains("(create handler)", StringComparison.Ordinal) && f.EndsWith(" for LogShipperFailureQueue", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_PassRole_for_the_function_roles_every_function_is_reported()
    {
        var findings = Rehearsed.Findings(options: new RehearsalOptions(Rehearsed.WithStatement("PassRolesToFunctions", _ => null)));

        Assert.Equal(
            ["LogShipperFunction", "PostConfirmationFunction", "RemediatorFunction"],
            findings.Select(f => f[(f.LastIndexOf(' ') + 1)..]).Distinct().Order());
        Assert.All(findings, f => Assert.StartsWith("missing: AWS::Lambda::Function iam:PassRole (", f));
    }

    [Fact]
    public void A_role_of_the_template_without_the_boundary_cannot_be_created()
    {
        var template = Rehearsed.Transformed;
        template["Resources"]!["PostConfirmationRole"]!["Properties"]!.AsObject().Remove("PermissionsBoundary");

        var findings = Rehearsed.Findings(template);

        Assert.Contains(findings, f => f.StartsWith("missing: AWS::IAM::Role iam:CreateRole (create handler) on arn:aws:iam::111122223333:role/lambdasuite-rehearsal0001-PostConfirmationRole-", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("no boundary: PostConfirmationRole has PermissionsBoundary ''", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Contains("LogShipperRole", StringComparison.Ordinal));
    }

    [Fact]
    public void A_role_statement_beyond_the_boundary_is_reported_before_it_would_fail_at_run_time()
    {
        var template = Rehearsed.Transformed;
        template["Resources"]!["RemediatorRole"]!["Properties"]!["Policies"]![0]!["PolicyDocument"]!["Statement"]!.AsArray()
            .Add(JsonNode.Parse("""{"Sid":"ScanTheLocks","Effect":"Allow","Action":"dynamodb:Scan","Resource":{"Fn::GetAtt":["RemediationLockTable","Arn"]}}"""));

        var findings = Rehearsed.Findings(template);

        Assert.Equal(["outside the boundary: RemediatorRole statement ScanTheLocks: dynamodb:Scan on arn:aws:dynamodb:ap-southeast-2:111122223333:table/lambdasuite-rehearsal0001-RemediationLockTable-" + LambdaSuite.DeployRehearsal.GeneratedNames.SuffixFor("RemediationLockTable")], findings);
    }

    [Fact]
    public void A_user_pool_without_the_environment_tag_cannot_be_created()
    {
        var template = Rehearsed.Transformed;
        template["Resources"]!["UserPool"]!["Properties"]!.AsObject().Remove("UserPoolTags");

        Assert.Contains("missing: AWS::Cognito::UserPool cognito-idp:CreateUserPool (create handler) on * for UserPool", Rehearsed.Findings(template));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_user_pool_deploys_whether_or_not_its_schema_gives_it_system_tags(bool systemTags)
    {
        var findings = Rehearsed.Findings(options: new RehearsalOptions(Facts: f => f.With("AWS::Cognito::UserPool", f.Types["AWS::Cognito::UserPool"] with { SystemTags = systemTags })));

        Assert.Empty(findings);
    }

    [Fact]
    public void A_condition_on_CloudFormation_system_tags_is_refused_for_a_type_that_gets_none()
    {
        var findings = Rehearsed.Findings(options: new RehearsalOptions(
            Facts: f => f.With("AWS::Cognito::UserPool", f.Types["AWS::Cognito::UserPool"] with { SystemTags = false }),
            ExecutionPolicy: Rehearsed.WithStatement("UserPool", s =>
            {
                s["Condition"] = JsonNode.Parse("""{"StringEquals":{"aws:ResourceTag/aws:cloudformation:stack-name":"lambdasuite-rehearsal0001"}}""");
                return s;
            })));

        Assert.Contains(findings, f => f.StartsWith("system tag refused: statement UserPool conditions cognito-idp:", StringComparison.Ordinal) && f.EndsWith("on aws:ResourceTag/aws:cloudformation:stack-name, but AWS::Cognito::UserPool gets no CloudFormation system tags (its schema: cloudFormationSystemTags false)", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("missing: AWS::Cognito::UserPool cognito-idp:DescribeUserPool (create handler)", StringComparison.Ordinal));
    }

    [Fact]
    public void An_action_refused_on_purpose_that_the_policy_allows_is_reported()
    {
        var findings = Rehearsed.Findings(options: new RehearsalOptions(Rehearsed.WithStatement("NeverWithoutTheBoundary", _ => null)
            .Then(Rehearsed.WithStatement("ReadAndTagRoles", s =>
            {
                s["Action"] = "iam:*";
                return s;
            }))));

        Assert.Contains(findings, f => f.StartsWith("allowed although refused: AWS::IAM::Role iam:DeleteRolePermissionsBoundary (update handler) on arn:aws:iam::111122223333:role/lambdasuite-rehearsal0001-", StringComparison.Ordinal) && f.EndsWith("a role created by a deploy would shed the permissions boundary that keeps it inside this environment", StringComparison.Ordinal));
    }

    [Fact]
    public void A_topic_the_access_stack_does_not_name_cannot_be_subscribed()
    {
        var scenarios = new[] { new Scenario("no topics in the access stack", Scenarios.TemplateParameters("Sqs"), Scenarios.AccessParameters(topics: "")) };

        var findings = Rehearsed.Findings(options: new RehearsalOptions(Scenarios: scenarios));

        Assert.Contains("missing: AWS::SNS::Subscription sns:Subscribe (create handler) on arn:aws:sns:ap-southeast-2:444455556666:rehearsal0001-customer-alarms for RemediatorSnsSubscription3", findings);
        Assert.DoesNotContain(findings, f => f.Contains("AlarmEmailSubscription", StringComparison.Ordinal));
    }

    [Fact]
    public void Another_services_action_is_required_once_a_property_needs_it()
    {
        var template = Rehearsed.Transformed;
        template["Resources"]!["RemediatorFunction"]!["Properties"]!["KmsKeyArn"] = "arn:aws:kms:ap-southeast-2:111122223333:key/11112222-3333-4444-5555-666677778888";

        var findings = Rehearsed.Findings(template);

        Assert.Contains("missing: AWS::Lambda::Function kms:CreateGrant (create handler) on arn:aws:kms:ap-southeast-2:111122223333:key/11112222-3333-4444-5555-666677778888 for RemediatorFunction", findings);
        Assert.All(findings, f => Assert.Contains("kms:", f));
    }

    [Fact]
    public void A_resource_type_without_handler_facts_is_reported()
    {
        var template = Rehearsed.Transformed;
        template["Resources"]!["Extra"] = JsonNode.Parse("""{"Type":"AWS::SSM::Parameter","Properties":{"Type":"String","Value":"x"}}""");

        Assert.Contains("no handler facts: AWS::SSM::Parameter (Extra); add the type with infra/validate/handler-facts", Rehearsed.Findings(template));
    }

    [Fact]
    public void The_scenarios_together_plan_every_resource_of_the_template_and_its_nested_alarm_unit()
    {
        var transformed = Rehearsed.Transformed;
        var planned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scenario in Scenarios.All(RehearsalRun.Triggers(transformed)))
        {
            var access = AccessStack.Create(LambdaSuite.TestSupport.RepositoryPaths.Root, scenario.AccessParameters, Scenarios.Placement, Rehearsed.Model, Rehearsed.Facts);
            var stack = RehearsalRun.PlanSuite(LambdaSuite.TestSupport.RepositoryPaths.Root, transformed, scenario.TemplateParameters, access, Rehearsed.Model, Rehearsed.Facts);
            planned.UnionWith(stack.AllResources.Select(r => r.Stack.Parent is null ? r.LogicalId : $"nested {r.LogicalId}"));
        }

        var nested = LambdaSuite.LocalInvoke.CfnYaml.LoadFile(LambdaSuite.TestSupport.RepositoryPaths.Combine("infra", "alarms", "ecs-service.yaml"));
        var every = transformed["Resources"]!.AsObject().Select(r => r.Key)
            .Concat(nested["Resources"]!.AsObject().Select(r => $"nested {r.Key}"));

        // Equal to nothing: a failure names what no scenario deploys.
        Assert.Equal([], every.Where(id => !planned.Contains(id)));
    }

    [Fact]
    public void A_tag_on_create_carries_the_new_resources_tags_in_the_request_and_none_on_the_resource()
    {
        var findings = Rehearsed.Findings(options: new RehearsalOptions(Rehearsed.WithStatement("EventSourceMappingTagsOnCreate", _ => null)
            .Then(Rehearsed.WithStatement("UserPoolTagsOnCreate", _ => null))));

        Assert.Equal(
            ["missing: AWS::Cognito::UserPool cognito-idp:TagResource (create handler) on arn:aws:cognito-idp:ap-southeast-2:111122223333:userpool/ap-southeast-2_Rehearsal1 for UserPool",
             "missing: AWS::Lambda::EventSourceMapping lambda:TagResource (create handler) on arn:aws:lambda:ap-southeast-2:111122223333:event-source-mapping:00000000-0000-4000-8000-000000000001 for LogShipperEventSourceMapping"],
            findings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_nested_stack_with_tags_needs_CloudFormations_tagging_actions()
    {
        var findings = Rehearsed.Findings(options: new RehearsalOptions(Rehearsed.WithStatement("NestedStacks", s =>
        {
            s["Action"] = new JsonArray([.. PolicyEvaluation.Values(s["Action"]).Where(a => !a.EndsWith("agResource", StringComparison.Ordinal)).Select(a => (JsonNode)a)]);
            return s;
        })));

        Assert.Equal(
            ["cloudformation:TagResource (create handler)", "cloudformation:TagResource (update handler)", "cloudformation:UntagResource (update handler)"],
            findings.Select(f => f.Split(' ') is [_, _, var action, var handler, _, ..] ? $"{action} {handler} handler)" : f).Distinct().Order(StringComparer.Ordinal));
        var stacks = Rehearsed.Transformed["Resources"]!.AsObject().Where(r => (string?)r.Value!["Type"] == "AWS::CloudFormation::Stack").Select(r => r.Key).ToList();
        Assert.Equal(9, stacks.Count);
        Assert.All(findings, f => Assert.Contains(f[(f.LastIndexOf(" for ", StringComparison.Ordinal) + 5)..], stacks));
        Assert.Equal(stacks.Order(StringComparer.Ordinal), findings.Select(f => f[(f.LastIndexOf(" for ", StringComparison.Ordinal) + 5)..]).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Another_services_action_without_a_need_rule_is_reported_not_skipped()
    {
        var model = Rehearsed.Model;
        var pool = model.Types["AWS::Cognito::UserPool"];
        var withoutSms = model.With("AWS::Cognito::UserPool", pool with { Needs = [.. pool.Needs.Where(n => !n.Actions.Contains("iam:PassRole"))] });

        Assert.Equal(["AWS::Cognito::UserPool iam:PassRole"], Rehearsal.Unmodelled(Rehearsed.Facts, withoutSms));
        var report = new Rehearsal(Rehearsed.Facts, withoutSms).Check(Rehearsed.Suite(Scenarios.Environment), Rehearsed.Access(Scenarios.Environment).ExecutionPolicy);
        Assert.Contains("unmodelled: AWS::Cognito::UserPool iam:PassRole (create handler): another service's action with neither a need rule nor a neverNeeded entry in infra/validate/resource-model.json", report.Findings);
    }

    [Fact]
    public void Every_other_services_handler_action_has_a_need_rule_or_a_never_needed_entry()
        => Assert.Equal([], Rehearsal.Unmodelled(Rehearsed.Facts, Rehearsed.Model));

    [Fact]
    public void Another_services_action_no_property_needs_is_listed_with_the_property_that_would()
    {
        var report = new Rehearsal(Rehearsed.Facts, Rehearsed.Model).Check(Rehearsed.Suite(Scenarios.Environment), Rehearsed.Access(Scenarios.Environment).ExecutionPolicy);

        Assert.Contains("not needed: AWS::DynamoDB::Table kinesis:PutRecords (create handler) for UsersTable: property KinesisStreamSpecification.StreamArn unset", report.NotNeeded);
        Assert.Contains("not needed: AWS::S3::Bucket iam:PassRole (create handler) for AccessLogBucket: property ReplicationConfiguration.Role unset", report.NotNeeded);
        Assert.DoesNotContain(report.NotNeeded, l => l.Contains(" iam:PassRole (create handler) for LogShipperFunction", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string> ActionsLeavingTheEnvironment() => new()
    {
        { "AlarmActions", "arn:aws:sns:ap-southeast-2:111122223333:lambdasuite-prod-AlarmTopic-ABC", "another environment's topic" },
        { "OKActions", "arn:aws:autoscaling:ap-southeast-2:111122223333:scalingPolicy:0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f:autoScalingGroupName/web:policyName/scale-in", "a scaling policy" },
        { "InsufficientDataActions", "arn:aws:automate:ap-southeast-2:ec2:terminate", "an EC2 terminate action" },
    };

    [Theory]
    [MemberData(nameof(ActionsLeavingTheEnvironment))]
    public void An_alarm_whose_actions_leave_the_environment_cannot_be_created(string property, string action, string what)
    {
        var template = Rehearsed.Transformed;
        var alarm = template["Resources"]!["LogShipperShipLagAlarm"]!["Properties"]!.AsObject();
        if (alarm[property] is not JsonArray actions)
        {
            alarm[property] = actions = [];
        }

        actions.Add(action);

        var findings = Rehearsed.Findings(template);

        Assert.True(findings.Count > 0, what);
        Assert.All(findings, f => Assert.Matches(@"^missing: AWS::CloudWatch::Alarm cloudwatch:PutMetricAlarm \((create|update) handler\) on arn:aws:cloudwatch:ap-southeast-2:111122223333:alarm:lambdasuite-rehearsal0001-LogShipperShipLagAlarm-\w+ for LogShipperShipLagAlarm$", f));
    }

    [Fact]
    public void An_alarm_unit_given_another_environments_topic_cannot_create_its_alarms()
    {
        var template = Rehearsed.Transformed;
        template["Resources"]!["LogShipperAlarms"]!["Properties"]!["Parameters"]!["AlarmTopicArn"] = "arn:aws:sns:ap-southeast-2:111122223333:lambdasuite-prod-AlarmTopic-ABC";

        var findings = Rehearsed.Findings(template);

        Assert.Equal(["DeliveryFailuresAlarm", "DurationAlarm", "ErrorsAlarm", "ThrottlesAlarm"], findings.Select(f => f.Split(' ')[^4]).Distinct().Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Matches(@"^missing: AWS::CloudWatch::Alarm cloudwatch:PutMetricAlarm \((create|update) handler\) on arn:aws:cloudwatch:ap-southeast-2:111122223333:alarm:lambdasuite-rehearsal0001-LogShipper(Errors|Throttles|Duration|DeliveryFailures)Alarm for \w+ \(nested stack lambdasuite-rehearsal0001-LogShipperAlarms-\w+\)$", f));
    }

    [Fact]
    public void An_invoke_permission_for_anyone_cannot_be_created()
    {
        var template = Rehearsed.Transformed;
        template["Resources"]!["RemediatorAlarmInvokePermission"]!["Properties"]!["Principal"] = "*";
        template["Resources"]!["PostConfirmationFunctionCognitoPermission"]!["Properties"]!["Principal"] = "444455556666";

        var findings = Rehearsed.Findings(template);

        Assert.Equal(
            ["missing: AWS::Lambda::Permission lambda:AddPermission (create handler) on arn:aws:lambda:ap-southeast-2:111122223333:function:lambdasuite-rehearsal0001-PostConfirmationFunction-" + GeneratedNames.SuffixFor("PostConfirmationFunction") + " for PostConfirmationFunctionCognitoPermission",
             "missing: AWS::Lambda::Permission lambda:AddPermission (create handler) on arn:aws:lambda:ap-southeast-2:111122223333:function:lambdasuite-rehearsal0001-RemediatorFunction-" + GeneratedNames.SuffixFor("RemediatorFunction") + " for RemediatorAlarmInvokePermission"],
            findings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_shipping_environment_whose_access_stack_names_no_destination_is_outside_the_boundary()
    {
        var scenarios = new[] { new Scenario("no destination in the access stack", Scenarios.TemplateParameters("Sqs"), Scenarios.AccessParameters(destination: new Destination("", "", ""))) };

        var findings = Rehearsed.Findings(options: new RehearsalOptions(Scenarios: scenarios));

        Assert.Equal(
            ["outside the boundary: LogShipperRole statement EncryptWithCustomerKey: kms:Decrypt on arn:aws:kms:eu-west-1:444455556666:key/11112222-3333-4444-5555-666677778888 with kms:ViaService=s3.eu-west-1.amazonaws.com",
             "outside the boundary: LogShipperRole statement EncryptWithCustomerKey: kms:GenerateDataKey on arn:aws:kms:eu-west-1:444455556666:key/11112222-3333-4444-5555-666677778888 with kms:ViaService=s3.eu-west-1.amazonaws.com",
             "outside the boundary: LogShipperRole statement WriteDestinationPrefix: s3:AbortMultipartUpload on arn:aws:s3:::customer-access-log-archive/lambdasuite/* with aws:ResourceAccount=444455556666",
             "outside the boundary: LogShipperRole statement WriteDestinationPrefix: s3:GetObject on arn:aws:s3:::customer-access-log-archive/lambdasuite/* with aws:ResourceAccount=444455556666",
             "outside the boundary: LogShipperRole statement WriteDestinationPrefix: s3:PutObject on arn:aws:s3:::customer-access-log-archive/lambdasuite/* with aws:ResourceAccount=444455556666"],
            findings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_role_statement_is_inside_the_boundary_only_for_every_value_its_condition_admits()
    {
        var template = Rehearsed.Transformed;
        var write = template["Resources"]!["LogShipperRole"]!["Properties"]!["Policies"]![0]!["PolicyDocument"]!["Statement"]!.AsArray()
            .Single(s => s!["Fn::If"]?[1]?["Sid"]?.ToString() == "WriteDestinationPrefix")!["Fn::If"]![1]!;
        write["Condition"]!["StringEquals"]!["aws:ResourceAccount"] = new JsonArray([write["Condition"]!["StringEquals"]!["aws:ResourceAccount"]!.DeepClone(), "777788889999"]);
        write["Action"] = "s3:PutObject";

        Assert.Equal(
            ["outside the boundary: LogShipperRole statement WriteDestinationPrefix: s3:PutObject on arn:aws:s3:::customer-access-log-archive/lambdasuite/* with aws:ResourceAccount=777788889999"],
            Rehearsed.Findings(template).Where(f => !f.Contains("rehearsal-shipped-logs", StringComparison.Ordinal)));
    }
}
