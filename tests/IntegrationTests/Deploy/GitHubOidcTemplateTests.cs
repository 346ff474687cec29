using LambdaSuite.DeployRehearsal;
using LambdaSuite.IntegrationTests.Fixtures;
using Xunit;

namespace LambdaSuite.IntegrationTests.Deploy;

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
}
