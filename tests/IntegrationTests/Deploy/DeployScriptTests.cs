using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.IntegrationTests.Deploy;

/// <summary>
/// infra/deploy/deploy with stand-ins for sam and the aws CLI on PATH, which record every call and
/// answer describe-stacks with the stack status a test gives: what the script does for a new stack,
/// one left by a failed first create, and an existing one.
/// </summary>
public sealed class DeployScriptTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("deploy-script-").FullName;

    public DeployScriptTests()
    {
        Stub("aws", """
            echo "aws $*" >> "$CALLS"
            case "$1 $2" in
              "cloudformation describe-stacks")
                case "$STACK_STATUS" in
                  NONE) echo "An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id lambdasuite-dev does not exist" >&2; exit 254 ;;
                  DENIED) echo "An error occurred (AccessDenied) when calling the DescribeStacks operation: not authorized" >&2; exit 254 ;;
                  *) echo "$STACK_STATUS" ;;
                esac ;;
            esac
            """);
        Stub("sam", """
            echo "sam $*" >> "$CALLS"
            [ "${SAM_FAILS:-}" != 1 ]
            """);
    }

    private void Stub(string name, string body)
    {
        var path = Path.Combine(_bin, name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private async Task<(int Exit, string Stdout, string Stderr, List<string> Calls)> Deploy(string status, Dictionary<string, string>? extra = null)
    {
        var calls = Path.Combine(_bin, "calls");
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{_bin}:{Environment.GetEnvironmentVariable("PATH")}",
            ["CALLS"] = calls,
            ["STACK_STATUS"] = status,
            ["CFN_EXECUTION_ROLE_ARN"] = "arn:aws:iam::111122223333:role/lambdasuite-access/lambdasuite-access-dev-cfn-execution",
            ["ARTIFACT_BUCKET"] = "lambdasuite-access-dev-artifactbucket-abc",
        };
        foreach (var (key, value) in extra ?? [])
        {
            environment[key] = value;
        }

        var (exit, stdout, stderr) = await ScriptRun.RunAsync("infra/deploy/deploy", ["dev"], environment);
        return (exit, stdout, stderr, File.Exists(calls) ? [.. File.ReadAllLines(calls)] : []);
    }

    private const string SamDeploy = "sam deploy --config-env dev --no-fail-on-empty-changeset --no-confirm-changeset --role-arn arn:aws:iam::111122223333:role/lambdasuite-access/lambdasuite-access-dev-cfn-execution --s3-bucket lambdasuite-access-dev-artifactbucket-abc --on-failure DELETE";
    private const string Describe = "aws cloudformation describe-stacks --region us-east-1 --stack-name lambdasuite-dev --query Stacks[0].StackStatus --output text";
    private const string DevOverrides = "EnvironmentName=dev LogLevel=DEBUG ElbLogDeliveryAccountId=127311923021 RemediatorClusterName=dev-cluster RemediatorAllowedServices=dev-cluster/api RemediatorDryRun=true ShipperEnabled=false";

    [Fact]
    public async Task A_new_environment_is_created_without_deletion_protection_and_then_protected()
    {
        var (exit, _, _, calls) = await Deploy("NONE");

        Assert.Equal(0, exit);
        Assert.Equal([Describe, $"{SamDeploy} --parameter-overrides {DevOverrides} DeletionProtection=false", SamDeploy], calls);
    }

    [Fact]
    public async Task What_a_failed_first_create_left_is_deleted_and_the_environment_created_again()
    {
        var (exit, stdout, _, calls) = await Deploy("ROLLBACK_COMPLETE");

        Assert.Equal(0, exit);
        Assert.Contains("lambdasuite-dev is what a failed first create left (ROLLBACK_COMPLETE, no resources); deleting it", stdout);
        Assert.Equal(
            [Describe, "aws cloudformation delete-stack --region us-east-1 --stack-name lambdasuite-dev", "aws cloudformation wait stack-delete-complete --region us-east-1 --stack-name lambdasuite-dev",
             $"{SamDeploy} --parameter-overrides {DevOverrides} DeletionProtection=false", SamDeploy],
            calls);
    }

    [Theory]
    [InlineData("UPDATE_COMPLETE")]
    [InlineData("UPDATE_ROLLBACK_COMPLETE")]
    public async Task An_existing_environment_gets_one_deploy_with_samconfigs_parameters(string status)
    {
        var (exit, _, _, calls) = await Deploy(status);

        Assert.Equal(0, exit);
        Assert.Equal([Describe, SamDeploy], calls);
    }

    [Fact]
    public async Task A_failed_first_create_stops_before_switching_protection_on()
    {
        var (exit, _, _, calls) = await Deploy("NONE", new() { ["SAM_FAILS"] = "1" });

        Assert.NotEqual(0, exit);
        Assert.Equal([Describe, $"{SamDeploy} --parameter-overrides {DevOverrides} DeletionProtection=false"], calls);
    }

    [Fact]
    public async Task A_stack_status_that_cannot_be_read_deploys_nothing()
    {
        var (exit, _, stderr, calls) = await Deploy("DENIED");

        Assert.Equal(1, exit);
        Assert.StartsWith("deploy: cannot read the status of lambdasuite-dev: An error occurred (AccessDenied)", stderr);
        Assert.Equal([Describe], calls);
    }

    [Fact]
    public async Task A_stack_CloudFormation_could_not_clean_up_is_left_to_an_administrator()
    {
        var (exit, _, stderr, calls) = await Deploy("ROLLBACK_FAILED");

        Assert.Equal(1, exit);
        Assert.Contains("lambdasuite-dev is ROLLBACK_FAILED", stderr);
        Assert.Equal([Describe], calls);
    }

    [Fact]
    public async Task Without_the_access_stacks_outputs_nothing_runs()
    {
        var (exit, _, stderr, calls) = await Deploy("NONE", new() { ["ARTIFACT_BUCKET"] = "" });

        Assert.Equal(2, exit);
        Assert.Equal("deploy: ARTIFACT_BUCKET is not set (an output of the environment's access stack, infra/github-oidc.yaml)\n", stderr);
        Assert.Empty(calls);
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);
}
