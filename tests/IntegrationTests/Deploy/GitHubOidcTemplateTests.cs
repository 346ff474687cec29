using System.Text.Json.Nodes;
using LambdaSuite.IntegrationTests.Fixtures;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.IntegrationTests.Deploy;

/// <summary>infra/github-oidc.yaml resolved for one repository: who may assume the deploy role.</summary>
public sealed class GitHubOidcTemplateTests
{
    private static JsonArray TrustStatements(string environments = "dev,staging,prod")
    {
        var template = TemplateDocument.LoadFile(RepositoryPaths.Combine("infra", "github-oidc.yaml"));
        var warnings = new List<string>();
        var parameters = template.ParameterValues(new Dictionary<string, string> { ["GitHubRepository"] = "octo/lambdasuite", ["GitHubEnvironments"] = environments }, warnings.Add);
        var names = new Dictionary<string, string> { ["AWS::AccountId"] = "111122223333", ["AWS::Region"] = "us-east-1", ["AWS::Partition"] = "aws", ["GitHubOidcProvider"] = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" };
        var intrinsics = new Intrinsics(template, parameters, names, warnings.Add);
        var trust = intrinsics.Resolve(template.Resource("DeployRole")!["Properties"]!["AssumeRolePolicyDocument"], "trust")!;
        Assert.Empty(warnings);
        return trust["Statement"]!.AsArray();
    }

    private static bool MayAssume(string sub, string aud = "sts.amazonaws.com", string environments = "dev,staging,prod")
        => PolicyEvaluation.Matching(TrustStatements(environments), "Allow", "sts:AssumeRoleWithWebIdentity", "*", new Dictionary<string, string>
        {
            ["token.actions.githubusercontent.com:sub"] = sub,
            ["token.actions.githubusercontent.com:aud"] = aud,
        }).Count == 1;

    [Theory]
    [InlineData("repo:octo/lambdasuite:environment:dev")]
    [InlineData("repo:octo/lambdasuite:environment:prod")]
    public void A_deploy_job_of_this_repository_in_a_listed_environment_may_assume_the_role(string sub)
        => Assert.True(MayAssume(sub));

    [Theory]
    [InlineData("repo:octo/lambdasuite:environment:sandbox")] // an environment anyone can create
    [InlineData("repo:octo/lambdasuite:ref:refs/heads/main")] // a job outside any environment
    [InlineData("repo:octo/lambdasuite:pull_request")]
    [InlineData("repo:octo/other:environment:prod")]
    [InlineData("repo:octo/lambdasuite-fork:environment:prod")]
    public void Any_other_subject_may_not(string sub)
        => Assert.False(MayAssume(sub));

    [Fact]
    public void A_token_for_another_audience_may_not()
        => Assert.False(MayAssume("repo:octo/lambdasuite:environment:prod", aud: "https://github.com/octo"));

    [Fact]
    public void The_environment_list_is_the_parameter()
    {
        Assert.True(MayAssume("repo:octo/lambdasuite:environment:acme", environments: "acme"));
        Assert.False(MayAssume("repo:octo/lambdasuite:environment:dev", environments: "acme"));
    }
}
