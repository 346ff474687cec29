using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Deploy.Tests.Deploy;

/// <summary>
/// infra/deploy/deploy with stand-ins for sam and the aws CLI on PATH, which record every call and
/// answer describe-stacks with the stack statuses a test gives (one per call, the last repeated) and
/// its termination protection: what the script does for a new stack, one left by a failed first
/// create, one still busy, one whose update could not roll back, and an existing one.
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
                n="$(cat "$CALLS.n" 2>/dev/null || echo 0)"; echo $((n + 1)) > "$CALLS.n"
                IFS=, read -ra states <<<"$STACK_STATUS"
                state="${states[$(( n < ${#states[@]} ? n : ${#states[@]} - 1 ))]}"
                case "$state" in
                  NONE) echo "An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id lambdasuite-dev does not exist" >&2; exit 254 ;;
                  DENIED) echo "An error occurred (AccessDenied) when calling the DescribeStacks operation: not authorized" >&2; exit 254 ;;
                  *) printf '%s\t%s\n' "$state" "${PROTECTED:-True}" ;;
                esac ;;
              "cloudformation delete-stack")
                [ "${DELETE_FAILS:-}" != 1 ] || { echo "An error occurred (AccessDenied) when calling the DeleteStack operation: not authorized" >&2; exit 254; } ;;
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
            ["DEPLOY_POLL_SECONDS"] = "0",
        };
        foreach (var (key, value) in extra ?? [])
        {
            environment[key] = value;
        }

        var (exit, stdout, stderr) = await ScriptRun.RunAsync("infra/deploy/deploy", ["dev"], environment);
        return (exit, stdout, stderr, File.Exists(calls) ? [.. File.ReadAllLines(calls)] : []);
    }

    private const string SamDeploy = "sam deploy --config-env dev --no-fail-on-empty-changeset --no-confirm-changeset --role-arn arn:aws:iam::111122223333:role/lambdasuite-access/lambdasuite-access-dev-cfn-execution --s3-bucket lambdasuite-access-dev-artifactbucket-abc --on-failure DELETE";
    private const string Describe = "aws cloudformation describe-stacks --region us-east-1 --stack-name lambdasuite-dev --query Stacks[0].[StackStatus,EnableTerminationProtection] --output text";
    private const string ProtectHint = "deploy: warning: lambdasuite-dev has no termination protection, so a deploy job could delete it; an administrator switches it on: aws cloudformation update-termination-protection --enable-termination-protection --region us-east-1 --stack-name lambdasuite-dev";
    private const string DevOverrides = "EnvironmentName=dev LogLevel=DEBUG ElbLogDeliveryAccountId=127311923021 RemediatorClusterName=dev-cluster RemediatorAllowedServices=dev-cluster/api RemediatorDryRun=true ShipperEnabled=false";

    [Fact]
    public async Task A_new_environment_is_created_without_deletion_protection_and_then_protected()
    {
        var (exit, _, stderr, calls) = await Deploy("NONE");

        Assert.Equal(0, exit);
        Assert.Equal([Describe, $"{SamDeploy} --parameter-overrides {DevOverrides} DeletionProtection=false", SamDeploy], calls);
        Assert.Equal(ProtectHint + "\n", stderr);
    }

    [Fact]
    public async Task A_live_stack_without_termination_protection_is_deployed_with_the_administrators_command_printed()
    {
        var (exit, _, stderr, calls) = await Deploy("UPDATE_COMPLETE", new() { ["PROTECTED"] = "False" });

        Assert.Equal(0, exit);
        Assert.Equal([Describe, SamDeploy], calls);
        Assert.Equal(ProtectHint + "\n", stderr);
    }

    [Fact]
    public async Task A_stack_still_busy_is_waited_for_then_deployed()
    {
        var (exit, stdout, _, calls) = await Deploy("UPDATE_ROLLBACK_IN_PROGRESS,UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS,UPDATE_ROLLBACK_COMPLETE");

        Assert.Equal(0, exit);
        Assert.Contains("deploy: lambdasuite-dev is UPDATE_ROLLBACK_IN_PROGRESS (a cancelled or earlier run's operation); waiting for it to finish", stdout);
        Assert.Equal([Describe, Describe, Describe, SamDeploy], calls);
    }

    [Fact]
    public async Task A_cancelled_first_create_that_is_still_deleting_itself_is_waited_for_then_created()
    {
        var (exit, _, _, calls) = await Deploy("DELETE_IN_PROGRESS,NONE");

        Assert.Equal(0, exit);
        Assert.Equal([Describe, Describe, $"{SamDeploy} --parameter-overrides {DevOverrides} DeletionProtection=false", SamDeploy], calls);
    }

    [Fact]
    public async Task A_stack_busy_for_longer_than_the_wait_deploys_nothing()
    {
        var (exit, _, stderr, calls) = await Deploy("UPDATE_IN_PROGRESS", new() { ["DEPLOY_WAIT_SECONDS"] = "2", ["DEPLOY_POLL_SECONDS"] = "1" });

        Assert.Equal(1, exit);
        Assert.Equal("deploy: lambdasuite-dev is still UPDATE_IN_PROGRESS after 2s; run the workflow again once it has finished\n", stderr);
        Assert.Equal([Describe, Describe, Describe], calls);
    }

    [Fact]
    public async Task An_update_that_could_not_roll_back_is_left_to_an_administrator_with_the_command()
    {
        var (exit, _, stderr, calls) = await Deploy("UPDATE_ROLLBACK_FAILED");

        Assert.Equal(1, exit);
        Assert.Contains("aws cloudformation continue-update-rollback --region us-east-1 --stack-name lambdasuite-dev --role-arn arn:aws:iam::111122223333:role/lambdasuite-access/lambdasuite-access-dev-cfn-execution", stderr);
        Assert.Equal([Describe], calls);
    }

    [Fact]
    public async Task A_failed_delete_of_a_failed_first_create_exits_1_and_creates_nothing()
    {
        var (exit, _, stderr, calls) = await Deploy("ROLLBACK_COMPLETE", new() { ["DELETE_FAILS"] = "1" });

        Assert.Equal(1, exit);
        Assert.Contains("deploy: could not delete lambdasuite-dev", stderr);
        Assert.Equal([Describe, "aws cloudformation delete-stack --region us-east-1 --stack-name lambdasuite-dev"], calls);
    }

    [Fact]
    public async Task Unreadable_parameter_overrides_stop_the_create_instead_of_deploying_the_template_defaults()
    {
        // python3 answers every samconfig-value call but the parameter list's.
        var python = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "python3")).First(File.Exists);
        Stub("python3", $$"""
            case "$*" in *parameter_overrides*) echo "samconfig-value: broken" >&2; exit 2 ;; esac
            exec "{{python}}" "$@"
            """);

        var (exit, _, _, calls) = await Deploy("NONE");

        Assert.Equal(2, exit);
        Assert.Equal([Describe], calls);
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

        Assert.Equal(1, exit);
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
