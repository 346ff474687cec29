using LambdaSuite.Deploy.Tests.Fixtures;
using LambdaSuite.DeployRehearsal;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Deploy.Tests.Deploy;

/// <summary>
/// infra/github-oidc.yaml resolved for an environment: who may assume its deploy role, and that no
/// role the pipeline can create escapes the environment's permissions boundary.
/// </summary>
public sealed class GitHubOidcTemplateTests
{
    private const string Account = "111122223333";

    private static bool MayAssume(string environment, string sub, string aud = "sts.amazonaws.com")
        => PolicyEvaluation.Matching(Rehearsed.Access(environment).DeployTrust, "Allow", "sts:AssumeRoleWithWebIdentity", "*", new Dictionary<string, string>
        {
            ["token.actions.githubusercontent.com:sub"] = sub,
            ["token.actions.githubusercontent.com:aud"] = aud,
        }).Count == 1;

    [Fact]
    public void A_deploy_job_of_dev_may_assume_the_dev_role_and_not_the_prod_role()
    {
        Assert.True(MayAssume("dev", "repo:octo/lambdasuite:environment:dev"));
        Assert.False(MayAssume("prod", "repo:octo/lambdasuite:environment:dev"));
        Assert.True(MayAssume("prod", "repo:octo/lambdasuite:environment:prod"));
    }

    [Theory]
    [InlineData("repo:octo/lambdasuite:environment:deveu")] // an environment whose name starts like dev
    [InlineData("repo:octo/lambdasuite:environment:Dev")]
    [InlineData("repo:octo/lambdasuite:ref:refs/heads/main")] // a job outside any environment
    [InlineData("repo:octo/lambdasuite:pull_request")]
    [InlineData("repo:octo/other:environment:dev")]
    [InlineData("repo:octo/lambdasuite-fork:environment:dev")]
    [InlineData("repo:octo/lambdasuite:environment:dev:extra")]
    public void Any_other_subject_may_not_assume_the_dev_role(string sub)
        => Assert.False(MayAssume("dev", sub));

    [Fact]
    public void A_token_for_another_audience_may_not()
        => Assert.False(MayAssume("dev", "repo:octo/lambdasuite:environment:dev", aud: "https://github.com/octo"));

    private static bool ExecutionRoleMay(string action, string role, string? boundary)
        => PolicyEvaluation.Allows(Rehearsed.Access("dev").ExecutionPolicy, action, $"arn:aws:iam::{Account}:role/{role}",
            boundary is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["iam:PermissionsBoundary"] = boundary });

    private static string BoundaryOf(string environment) => $"arn:aws:iam::{Account}:policy/lambdasuite-access/lambdasuite-access-{environment}-boundary";

    [Theory]
    [InlineData("iam:CreateRole")]
    [InlineData("iam:PutRolePolicy")]
    [InlineData("iam:AttachRolePolicy")]
    [InlineData("iam:PutRolePermissionsBoundary")]
    [InlineData("iam:UpdateAssumeRolePolicy")]
    public void No_role_of_the_environment_can_be_created_or_widened_without_its_boundary(string action)
    {
        Assert.True(ExecutionRoleMay(action, "lambdasuite-dev-LogShipperRole-ABC", BoundaryOf("dev")));
        Assert.False(ExecutionRoleMay(action, "lambdasuite-dev-LogShipperRole-ABC", boundary: null));
        Assert.False(ExecutionRoleMay(action, "lambdasuite-dev-LogShipperRole-ABC", BoundaryOf("prod")));
        Assert.False(ExecutionRoleMay(action, "lambdasuite-prod-LogShipperRole-ABC", BoundaryOf("dev")));
    }

    [Fact]
    public void The_boundary_can_never_be_removed_nor_changed()
    {
        Assert.False(ExecutionRoleMay("iam:DeleteRolePermissionsBoundary", "lambdasuite-dev-LogShipperRole-ABC", BoundaryOf("dev")));
        var boundary = Rehearsed.Access("dev").Boundary.Arn!;
        Assert.Equal(BoundaryOf("dev"), boundary);
        foreach (var action in new[] { "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy" })
        {
            Assert.False(PolicyEvaluation.Allows(Rehearsed.Access("dev").ExecutionPolicy, action, boundary, new Dictionary<string, string>()), action);
            Assert.False(PolicyEvaluation.Allows(Rehearsed.Access("dev").DeployPolicy, action, boundary, new Dictionary<string, string>()), action);
        }
    }

    [Fact]
    public void Every_role_the_stack_creates_names_the_boundary_by_the_ARN_the_access_stack_gives_it()
    {
        var roles = Rehearsed.Suite("dev").AllResources.Where(r => r.Type == "AWS::IAM::Role").ToList();

        Assert.Equal(["LogShipperBatchOperationsRole", "LogShipperRole", "PostConfirmationRole", "RemediatorRole"], roles.Select(r => r.LogicalId).Order());
        Assert.All(roles, r => Assert.Equal([BoundaryOf("dev")], r.Stack.Texts(r, "PermissionsBoundary")));
    }

    [Theory]
    [InlineData("cloudformation:CreateChangeSet", "arn:aws:cloudformation:ap-southeast-2:111122223333:stack/lambdasuite-prod/1")]
    [InlineData("cloudformation:DeleteStack", "arn:aws:cloudformation:ap-southeast-2:111122223333:stack/lambdasuite-prod/1")]
    [InlineData("iam:PassRole", "arn:aws:iam::111122223333:role/lambdasuite-access/lambdasuite-access-prod-cfn-execution")]
    [InlineData("lambda:InvokeFunction", "arn:aws:lambda:ap-southeast-2:111122223333:function:lambdasuite-prod-RemediatorFunction-ABC")]
    [InlineData("iam:CreateRole", "arn:aws:iam::111122223333:role/lambdasuite-dev-Admin")]
    [InlineData("lambda:CreateFunction", "arn:aws:lambda:ap-southeast-2:111122223333:function:lambdasuite-dev-X")]
    public void The_dev_deploy_role_can_neither_reach_prod_nor_create_anything_itself(string action, string resource)
        => Assert.False(PolicyEvaluation.Allows(Rehearsed.Access("dev").DeployPolicy, action, resource, new Dictionary<string, string> { ["iam:PassedToService"] = "cloudformation.amazonaws.com" }));

    // What sam deploy (SAM CLI 1.164: samcli/lib/deploy/deployer.py, package/s3_uploader.py),
    // infra/deploy/deploy and infra/deploy/smoke-test call with the deploy role's credentials.
    [Theory]
    [InlineData("cloudformation:DescribeStacks", "stack")]
    [InlineData("cloudformation:GetTemplateSummary", "stack")]
    [InlineData("cloudformation:CreateChangeSet", "stack")]
    [InlineData("cloudformation:CreateChangeSet", "transform")]
    [InlineData("cloudformation:DescribeChangeSet", "stack")]
    [InlineData("cloudformation:ExecuteChangeSet", "stack")]
    [InlineData("cloudformation:DescribeStackEvents", "stack")]
    [InlineData("cloudformation:DeleteStack", "stack")]
    [InlineData("iam:PassRole", "execution role")]
    [InlineData("s3:GetObject", "artifact")]
    [InlineData("s3:PutObject", "artifact")]
    [InlineData("lambda:InvokeFunction", "function")]
    public void The_dev_deploy_role_may_make_every_call_of_a_deploy_of_dev(string action, string target)
    {
        var access = Rehearsed.Access("dev");
        var resource = target switch
        {
            "stack" => "arn:aws:cloudformation:ap-southeast-2:111122223333:stack/lambdasuite-dev/0b1c2d3e",
            "transform" => "arn:aws:cloudformation:ap-southeast-2:aws:transform/Serverless-2016-10-31",
            "execution role" => access.ExecutionRole.Arn!,
            "artifact" => $"{access.ArtifactBucket.Arn}/lambdasuite-dev/0123456789abcdef.template",
            _ => "arn:aws:lambda:ap-southeast-2:111122223333:function:lambdasuite-dev-LogShipperFunction-ABC",
        };

        Assert.True(PolicyEvaluation.Allows(access.DeployPolicy, action, resource, new Dictionary<string, string> { ["iam:PassedToService"] = "cloudformation.amazonaws.com" }));
    }

    private static Dictionary<string, IReadOnlyList<string>> Context(params (string Key, string[] Values)[] keys)
        => keys.ToDictionary(k => k.Key, k => (IReadOnlyList<string>)k.Values, StringComparer.Ordinal);

    private const string DevAlarm = "arn:aws:cloudwatch:ap-southeast-2:111122223333:alarm:lambdasuite-dev-LogShipperErrorsAlarm-ABC";
    private const string DevTopic = "arn:aws:sns:ap-southeast-2:111122223333:lambdasuite-dev-AlarmTopic-ABC";

    [Theory]
    [InlineData("cloudwatch:PutMetricAlarm")]
    [InlineData("cloudwatch:PutCompositeAlarm")]
    public void A_dev_alarm_may_act_on_devs_topics_only(string action)
    {
        bool May(params string[] actions) => PolicyEvaluation.Allows(Rehearsed.Access("dev").ExecutionPolicy, action, DevAlarm, Context(("cloudwatch:AlarmActions", actions)));

        Assert.True(May(DevTopic));
        Assert.True(May());
        Assert.False(May(DevTopic, "arn:aws:sns:ap-southeast-2:111122223333:lambdasuite-prod-AlarmTopic-ABC"));
        Assert.False(May("arn:aws:sns:ap-southeast-2:111122223333:lambdasuite-deveu-AlarmTopic-ABC"));
        Assert.False(May("arn:aws:autoscaling:ap-southeast-2:111122223333:scalingPolicy:0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f:autoScalingGroupName/web:policyName/scale-in"));
        Assert.False(May("arn:aws:automate:ap-southeast-2:ec2:stop"));
        Assert.False(May("arn:aws:lambda:ap-southeast-2:111122223333:function:lambdasuite-prod-RemediatorFunction-ABC"));
    }

    [Fact]
    public void The_existing_alarm_topic_the_access_stack_names_may_be_an_alarm_action_and_no_other()
    {
        var parameters = new Dictionary<string, string>(Scenarios.AccessParameters("dev"), StringComparer.Ordinal) { ["AlarmTopicArn"] = "arn:aws:sns:ap-southeast-2:111122223333:oncall" };
        var policy = AccessStack.Create(LambdaSuite.TestSupport.RepositoryPaths.Root, parameters, Scenarios.Placement, Rehearsed.Model, Rehearsed.Facts).ExecutionPolicy;

        Assert.True(PolicyEvaluation.Allows(policy, "cloudwatch:PutMetricAlarm", DevAlarm, Context(("cloudwatch:AlarmActions", ["arn:aws:sns:ap-southeast-2:111122223333:oncall", DevTopic]))));
        Assert.False(PolicyEvaluation.Allows(policy, "cloudwatch:PutMetricAlarm", DevAlarm, Context(("cloudwatch:AlarmActions", ["arn:aws:sns:ap-southeast-2:111122223333:oncall-other"]))));
        Assert.False(PolicyEvaluation.Allows(Rehearsed.Access("dev").ExecutionPolicy, "cloudwatch:PutMetricAlarm", DevAlarm, Context(("cloudwatch:AlarmActions", ["arn:aws:sns:ap-southeast-2:111122223333:oncall"]))));
    }

    private const string Pool = "arn:aws:cognito-idp:ap-southeast-2:111122223333:userpool/ap-southeast-2_AbC";

    [Fact]
    public void The_dev_role_tags_a_new_pool_for_dev_and_never_retags_another_environments_pool()
    {
        bool MayTag(string requested, string? existing)
            => PolicyEvaluation.Allows(Rehearsed.Access("dev").ExecutionPolicy, "cognito-idp:TagResource", Pool, existing is null
                ? new Dictionary<string, string> { ["aws:RequestTag/lambdasuite:environment"] = requested }
                : new Dictionary<string, string> { ["aws:RequestTag/lambdasuite:environment"] = requested, ["aws:ResourceTag/lambdasuite:environment"] = existing });

        Assert.True(MayTag("dev", existing: null));
        Assert.True(MayTag("dev", existing: "dev"));
        Assert.False(MayTag("dev", existing: "prod"));
        Assert.False(MayTag("prod", existing: null));
        Assert.False(PolicyEvaluation.Allows(Rehearsed.Access("dev").ExecutionPolicy, "cognito-idp:TagResource", Pool, new Dictionary<string, string>()));
    }

    [Fact]
    public void The_dev_role_tags_an_event_source_mapping_on_create_only_for_its_own_stack()
    {
        const string Mapping = "arn:aws:lambda:ap-southeast-2:111122223333:event-source-mapping:00000000-0000-4000-8000-000000000001";
        bool MayTag(string stack) => PolicyEvaluation.Allows(Rehearsed.Access("dev").ExecutionPolicy, "lambda:TagResource", Mapping, new Dictionary<string, string> { ["aws:RequestTag/aws:cloudformation:stack-name"] = stack });

        Assert.True(MayTag("lambdasuite-dev"));
        Assert.False(MayTag("lambdasuite-prod"));
        Assert.False(MayTag("lambdasuite-deveu"));
    }

    [Theory]
    [InlineData("lambda:CreateFunctionUrlConfig", "NONE")]
    [InlineData("lambda:CreateFunctionUrlConfig", "AWS_IAM")]
    [InlineData("lambda:UpdateFunctionUrlConfig", "NONE")]
    public void No_function_of_the_environment_gets_a_function_URL(string action, string authType)
        => Assert.False(PolicyEvaluation.Allows(Rehearsed.Access("dev").ExecutionPolicy, action, "arn:aws:lambda:ap-southeast-2:111122223333:function:lambdasuite-dev-LogShipperFunction-ABC", new Dictionary<string, string> { ["lambda:FunctionUrlAuthType"] = authType }));

    [Theory]
    [InlineData("*", false)]
    [InlineData("444455556666", false)]
    [InlineData("arn:aws:iam::444455556666:root", false)]
    [InlineData("apigateway.amazonaws.com", false)]
    [InlineData("s3.amazonaws.com", true)]
    [InlineData("cognito-idp.amazonaws.com", true)]
    public void Invoke_permissions_go_to_the_templates_service_principals_only(string principal, bool allowed)
        => Assert.Equal(allowed, PolicyEvaluation.Allows(Rehearsed.Access("dev").ExecutionPolicy, "lambda:AddPermission", "arn:aws:lambda:ap-southeast-2:111122223333:function:lambdasuite-dev-LogShipperFunction-ABC", new Dictionary<string, string> { ["lambda:Principal"] = principal }));

    [Fact]
    public void CloudFormation_may_assume_the_execution_role_with_no_condition_key_it_is_not_documented_to_send()
    {
        var trust = Rehearsed.Access("dev").Plan.Values(Rehearsed.Access("dev").ExecutionRole, "AssumeRolePolicyDocument.Statement");

        Assert.Single(PolicyEvaluation.Matching(trust, "Allow", "sts:AssumeRole", "*", new Dictionary<string, string>()));
        Assert.Equal("""{"Service":"cloudformation.amazonaws.com"}""", Assert.Single(trust)["Principal"]!.ToJsonString());
    }

    [Fact]
    public void The_deploy_role_may_neither_import_resources_nor_lift_termination_protection()
    {
        var policy = Rehearsed.Access("dev").DeployPolicy;
        const string Stack = "arn:aws:cloudformation:ap-southeast-2:111122223333:stack/lambdasuite-dev/0b1c2d3e";

        Assert.False(PolicyEvaluation.Allows(policy, "cloudformation:CreateChangeSet", Stack, Context(("cloudformation:ImportResourceTypes", ["AWS::Cognito::UserPool"]))));
        Assert.True(PolicyEvaluation.Allows(policy, "cloudformation:CreateChangeSet", Stack, Context()));
        Assert.False(PolicyEvaluation.Allows(policy, "cloudformation:UpdateTerminationProtection", Stack, Context()));
        Assert.False(PolicyEvaluation.Allows(Rehearsed.Access("dev").ExecutionPolicy, "cloudformation:UpdateTerminationProtection", Stack, Context()));
    }

    [Fact]
    public void The_boundary_lets_roles_write_to_the_customers_bucket_of_its_owner_and_use_its_key_only()
    {
        var boundary = Rehearsed.Access("dev").BoundaryPolicy;
        var customer = Scenarios.Customer;
        bool MayWrite(string bucket, string owner) => PolicyEvaluation.Allows(boundary, "s3:PutObject", $"arn:aws:s3:::{bucket}/lambdasuite/x.log", new Dictionary<string, string> { ["aws:ResourceAccount"] = owner });
        bool MayUse(string key) => PolicyEvaluation.Allows(boundary, "kms:GenerateDataKey", key, new Dictionary<string, string> { ["kms:ViaService"] = "s3.eu-west-1.amazonaws.com" });

        Assert.True(MayWrite(customer.Bucket, customer.Owner));
        Assert.False(MayWrite(customer.Bucket, "777788889999"));
        Assert.False(MayWrite("someone-elses-bucket", "777788889999"));
        Assert.False(MayWrite("lambdasuite-prod-data", Account));
        Assert.True(MayUse(customer.KmsKeyArn));
        Assert.False(MayUse("arn:aws:kms:eu-west-1:777788889999:key/00000000-0000-0000-0000-000000000000"));

        var nothing = AccessStack.Create(LambdaSuite.TestSupport.RepositoryPaths.Root, Scenarios.AccessParameters("dev", destination: new Destination("", "", "")), Scenarios.Placement, Rehearsed.Model, Rehearsed.Facts).BoundaryPolicy;
        Assert.Empty(PolicyEvaluation.Matching(nothing, "Allow", "s3:PutObject", $"arn:aws:s3:::{customer.Bucket}/lambdasuite/x.log", new Dictionary<string, string> { ["aws:ResourceAccount"] = customer.Owner }));
        Assert.Empty(PolicyEvaluation.Matching(nothing, "Allow", "kms:GenerateDataKey", customer.KmsKeyArn, new Dictionary<string, string> { ["kms:ViaService"] = "s3.eu-west-1.amazonaws.com" }));
    }
}
