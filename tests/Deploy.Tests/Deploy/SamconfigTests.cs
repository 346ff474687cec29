using System.Text.Json.Nodes;
using LambdaSuite.Deploy.Tests.Fixtures;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Deploy.Tests.Deploy;

public sealed class SamconfigTests
{
    private static readonly JsonObject Template = CfnYaml.LoadFile(RepositoryPaths.Combine("template.yaml"));

    private static string Samconfig => File.ReadAllText(RepositoryPaths.Combine("samconfig.toml"));

    [Fact]
    public void Samconfig_has_dev_staging_and_prod_and_no_problem()
    {
        var config = SamconfigCheck.Parse(Samconfig);

        Assert.Equal(["dev", "prod", "staging"], SamconfigCheck.DeploySections(config).Keys.Order());
        Assert.Empty(SamconfigCheck.Problems(config, Template));
    }

    [Fact]
    public void Builds_run_in_parallel_in_the_source_folder_without_a_cache_flag_that_never_applies()
    {
        var build = (Tomlyn.Model.TomlTable)((Tomlyn.Model.TomlTable)((Tomlyn.Model.TomlTable)SamconfigCheck.Parse(Samconfig)["default"])["build"])["parameters"];

        Assert.Equal([("build_in_source", (object)true), ("parallel", true)], build.Select(kv => (kv.Key, kv.Value)).OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    private static List<string> ProblemsOfDev(string overrides, string extra = "confirm_changeset = false")
        => SamconfigCheck.Problems(SamconfigCheck.Parse($"""
            version = 0.1
            [dev.deploy.parameters]
            stack_name = "lambdasuite-dev"
            s3_prefix = "lambdasuite-dev"
            region = "us-east-1"
            capabilities = "CAPABILITY_IAM"
            {extra}
            parameter_overrides = [ "EnvironmentName=dev", "RemediatorClusterName=c", "RemediatorAllowedServices=c/s", {overrides} ]
            """), Template);

    [Fact]
    public void A_valid_minimal_section_has_no_problem()
        => Assert.Empty(ProblemsOfDev("\"ShipperEnabled=false\""));

    [Fact]
    public void An_override_that_names_no_template_parameter_is_reported()
        => Assert.Equal(["dev: ShipperEnable is not a parameter of template.yaml"], ProblemsOfDev("\"ShipperEnable=true\""));

    [Fact]
    public void Enabled_shipping_without_destination_and_owner_is_reported()
        => Assert.Equal(
            ["dev: ShipperEnabled=true needs DestinationBucket", "dev: ShipperEnabled=true needs DestinationBucketOwner"],
            ProblemsOfDev("\"ShipperEnabled=true\""));

    [Fact]
    public void Enabled_shipping_with_destination_and_owner_is_accepted()
        => Assert.Empty(ProblemsOfDev("\"ShipperEnabled=true\", \"DestinationBucket=acme-logs\", \"DestinationBucketOwner=444455556666\""));

    [Fact]
    public void A_value_the_parameter_refuses_is_reported_before_any_deploy()
        => Assert.Equal(
            ["dev: DestinationBucketOwner=4444-5555-6666 does not match ^$|^[0-9]{12}$", "dev: ShipperReservedConcurrency=5000 is outside 0..900"],
            ProblemsOfDev("\"DestinationBucketOwner=4444-5555-6666\", \"ShipperReservedConcurrency=5000\""));

    [Fact]
    public void An_empty_unquoted_value_is_reported_because_sam_rejects_it()
        => Assert.Equal(["dev: \"DestinationBucket=\" is not Key=Value as sam reads it (an empty or spaced value needs quotes)"], ProblemsOfDev("\"DestinationBucket=\""));

    [Fact]
    public void The_shared_managed_artifact_bucket_is_refused()
        => Assert.Equal(["dev: resolve_s3 must not be set (the environment deploys through its own artifact bucket, sam deploy --s3-bucket)"], ProblemsOfDev("\"ShipperEnabled=false\"", "confirm_changeset = false\nresolve_s3 = true"));

    [Fact]
    public void A_section_whose_names_its_deploy_access_would_refuse_is_reported()
    {
        var problems = SamconfigCheck.Problems(SamconfigCheck.Parse("""
            [dev-eu.deploy.parameters]
            stack_name = "lambdasuite-deveu"
            s3_prefix = "lambdasuite-deveu"
            region = "eu-west-1"
            capabilities = "CAPABILITY_IAM"
            confirm_changeset = false
            parameter_overrides = [ "EnvironmentName=deveu", "RemediatorClusterName=c", "RemediatorAllowedServices=c/s" ]
            """), Template);

        Assert.Equal(
            ["dev-eu: not an environment name (EnvironmentName's ^[a-z][a-z0-9]{1,12}$)", "dev-eu: stack_name lambdasuite-deveu is not lambdasuite-dev-eu, the stack its deploy access allows", "dev-eu: EnvironmentName=deveu is not the section's name"],
            problems);
    }

    [Fact]
    public void A_missing_required_parameter_and_a_missing_setting_are_reported()
    {
        var problems = SamconfigCheck.Problems(SamconfigCheck.Parse("""
            [dev.deploy.parameters]
            stack_name = "lambdasuite-dev"
            parameter_overrides = [ "EnvironmentName=dev", "RemediatorAllowedServices=c/s" ]
            """), Template);

        Assert.Contains("dev: region is missing", problems);
        Assert.Contains("dev: RemediatorClusterName has no default and no override", problems);
    }

    private static List<string> ProblemsOfTwo(string devOverrides, string stagingOverrides, string stagingRegion = "us-east-1")
        => SamconfigCheck.Problems(SamconfigCheck.Parse($"""
            [dev.deploy.parameters]
            stack_name = "lambdasuite-dev"
            s3_prefix = "lambdasuite-dev"
            region = "us-east-1"
            capabilities = "CAPABILITY_IAM"
            confirm_changeset = false
            parameter_overrides = [ "EnvironmentName=dev", "RemediatorAllowedServices=c/s", {devOverrides} ]
            [staging.deploy.parameters]
            stack_name = "lambdasuite-staging"
            s3_prefix = "lambdasuite-staging"
            region = "{stagingRegion}"
            capabilities = "CAPABILITY_IAM"
            confirm_changeset = false
            parameter_overrides = [ "EnvironmentName=staging", "RemediatorAllowedServices=c/s", {stagingOverrides} ]
            """), Template);

    [Fact]
    public void Two_environments_sharing_an_SNS_topic_are_reported()
        => Assert.Equal(
            ["dev, staging share the topic arn:aws:sns:us-east-1:111122223333:alarms (RemediatorSnsTopicArns): give each environment its own"],
            ProblemsOfTwo(
                "\"RemediatorClusterName=dev-cluster\", \"RemediatorSnsTopicArns=arn:aws:sns:us-east-1:111122223333:dev-alarms,arn:aws:sns:us-east-1:111122223333:alarms\"",
                "\"RemediatorClusterName=staging-cluster\", \"RemediatorSnsTopicArns=arn:aws:sns:us-east-1:111122223333:alarms\""));

    [Fact]
    public void Two_environments_sharing_a_cluster_in_one_Region_are_reported()
    {
        Assert.Equal(
            ["dev, staging share the cluster apps in us-east-1 (RemediatorClusterName): give each environment its own"],
            ProblemsOfTwo("\"RemediatorClusterName=apps\"", "\"RemediatorClusterName=apps\""));
        Assert.Empty(ProblemsOfTwo("\"RemediatorClusterName=apps\"", "\"RemediatorClusterName=apps\"", stagingRegion: "eu-west-1"));
    }

    [Fact]
    public void Prod_without_confirm_changeset_is_reported()
    {
        var text = Samconfig.Replace("confirm_changeset = true", "confirm_changeset = false", StringComparison.Ordinal);

        Assert.Equal(["prod: confirm_changeset must be true"], SamconfigCheck.Problems(SamconfigCheck.Parse(text), Template));
    }
}
