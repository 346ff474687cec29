using System.Text.Json.Nodes;
using LambdaSuite.Deploy.Tests.Fixtures;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Deploy.Tests.Deploy;

/// <summary>.github/workflows/deploy.yml against samconfig.toml and the environment's deploy access.</summary>
public sealed class DeployWorkflowTests
{
    private static JsonObject Workflow(string name = "deploy.yml") => CfnYaml.LoadFile(RepositoryPaths.Combine(".github", "workflows", name));

    private static JsonObject Job => Workflow()["jobs"]!["deploy"]!.AsObject();

    [Fact]
    public void The_environment_to_deploy_is_chosen_from_the_sections_of_samconfig()
    {
        var input = Workflow()["on"]!["workflow_dispatch"]!["inputs"]!["environment"]!;
        var sections = SamconfigCheck.DeploySections(SamconfigCheck.Parse(File.ReadAllText(RepositoryPaths.Combine("samconfig.toml")))).Keys;

        Assert.Equal("choice", (string?)input["type"]);
        Assert.Equal(sections.Order(), input["options"]!.AsArray().Select(o => (string)o!).Order());
        Assert.Contains((string)input["default"]!, sections);
    }

    [Theory]
    [InlineData("deploy.yml")]
    [InlineData("ci.yml")]
    public void No_workflow_grants_an_OIDC_token_to_all_its_jobs(string workflow)
        => Assert.Equal("""{"contents":"read"}""", Workflow(workflow)["permissions"]!.ToJsonString());

    [Fact]
    public void Only_the_deploy_job_in_its_GitHub_environment_gets_an_OIDC_token()
    {
        Assert.Equal("write", (string?)Job["permissions"]!["id-token"]);
        Assert.Equal("${{ inputs.environment || 'dev' }}", (string?)Job["environment"]);
    }

    [Theory]
    [InlineData("deploy.yml")]
    [InlineData("ci.yml")]
    public void Every_job_with_an_OIDC_token_runs_in_a_GitHub_environment(string workflow)
    {
        var jobs = Workflow(workflow)["jobs"]!.AsObject();

        Assert.NotEmpty(jobs);
        Assert.All(jobs.Where(j => (string?)j.Value!["permissions"]?["id-token"] == "write"), j => Assert.False(string.IsNullOrEmpty((string?)j.Value!["environment"]), $"{workflow}: job {j.Key} gets an OIDC token outside any GitHub environment"));
    }

    [Fact]
    public void One_deploy_per_environment_runs_at_a_time_and_none_is_cancelled()
    {
        var concurrency = Workflow()["concurrency"]!;

        Assert.Equal((string?)Job["environment"], ((string?)concurrency["group"])?.Replace("deploy-", string.Empty, StringComparison.Ordinal));
        Assert.False((bool)concurrency["cancel-in-progress"]!);
    }

    [Fact]
    public void The_build_runs_without_AWS_credentials_and_only_the_deploy_and_smoke_test_run_with_them()
    {
        var steps = Steps().ToList();
        var credentials = steps.FindIndex(s => ((string?)s["uses"])?.StartsWith("aws-actions/configure-aws-credentials@", StringComparison.Ordinal) == true);

        Assert.True(credentials > steps.FindIndex(s => (string?)s["run"] == "sam build"), "credentials are configured before sam build");
        Assert.Equal(["infra/deploy/deploy \"$DEPLOY_ENV\"", "infra/deploy/smoke-test \"$DEPLOY_ENV\""], steps.Skip(credentials + 1).Select(s => (string?)s["run"]));
    }

    [Fact]
    public void The_job_deploys_with_its_environments_three_variables_through_the_deploy_script()
    {
        var env = Job["env"]!.AsObject();
        Assert.Equal(
            [("ARTIFACT_BUCKET", "${{ vars.AWS_ARTIFACT_BUCKET }}"), ("CFN_EXECUTION_ROLE_ARN", "${{ vars.AWS_CFN_EXECUTION_ROLE_ARN }}"), ("DEPLOY_ROLE_ARN", "${{ vars.AWS_DEPLOY_ROLE_ARN }}")],
            env.Where(e => ((string?)e.Value)?.Contains("vars.", StringComparison.Ordinal) == true).Select(e => (e.Key, (string)e.Value!)).Order());
        Assert.Contains(Steps(), s => (string?)s["run"] == "infra/deploy/deploy \"$DEPLOY_ENV\"");
    }

    [Fact]
    public void Every_apt_get_install_follows_an_apt_get_update()
        => Assert.All(Steps().Select(s => (string?)s["run"] ?? string.Empty).Where(r => r.Contains("apt-get install", StringComparison.Ordinal)),
            run => Assert.True(run.IndexOf("apt-get update", StringComparison.Ordinal) is >= 0 and var update && update < run.IndexOf("apt-get install", StringComparison.Ordinal), run));

    private static IEnumerable<JsonObject> Steps() => Job["steps"]!.AsArray().Select(s => s!.AsObject());
}
