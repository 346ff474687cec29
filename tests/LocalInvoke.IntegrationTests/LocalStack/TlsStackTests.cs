using System.Text;
using Amazon.DynamoDBv2.Model;
using LambdaSuite.LocalInvoke.IntegrationTests.Fixtures;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.LocalInvoke.IntegrationTests.LocalStack;

/// <summary>
/// Each function's bootstrap over HTTPS, as in AWS: the stack started with <c>--tls</c>, the
/// functions invoked through infra/local/invoke with the stack's export lines (its CA as
/// TLS_TRUST_FILE), their effects read back over HTTPS. And a certificate no store holds still
/// fails the call, with one line saying why.
/// </summary>
public sealed class TlsStackTests(HttpsLocalAws stack) : IClassFixture<HttpsLocalAws>
{
    private static readonly string Events = RepositoryPaths.Combine("infra", "events");

    [Fact]
    public void Every_endpoint_is_https_and_the_exports_name_the_stacks_CA()
    {
        var env = stack.Aws.Environment;
        Assert.All(["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_ECS", "AWS_ENDPOINT_URL_SQS"], name => Assert.StartsWith("https://127.0.0.1:", env[name], StringComparison.Ordinal));
        var tls = Path.Combine(stack.Aws.StateDirectory, "tls");
        Assert.Equal(Path.Combine(tls, "ca.pem"), env["TLS_TRUST_FILE"]);
        Assert.Equal(Path.Combine(tls, "ca.pem"), env["NODE_EXTRA_CA_CERTS"]);
        Assert.All(["SSL_CERT_FILE", "AWS_CA_BUNDLE", "CURL_CA_BUNDLE"], name => Assert.Equal(Path.Combine(tls, "trust.pem"), env[name]));
        // The bundle is the OS's plus the CA, so other programs in the shell still reach real AWS.
        Assert.EndsWith(File.ReadAllText(env["TLS_TRUST_FILE"]).Trim(), File.ReadAllText(env["SSL_CERT_FILE"]).Trim(), StringComparison.Ordinal);
        Assert.True(File.ReadAllText(env["SSL_CERT_FILE"]).Split("BEGIN CERTIFICATE").Length > 100);
    }

    [Fact]
    public async Task Up_is_idempotent_over_https_and_refuses_http_while_the_stack_serves_https()
    {
        var stackScript = RepositoryPaths.Combine("infra", "local", "stack");
        var env = new Dictionary<string, string> { ["LAMBDASUITE_STACK_DIR"] = stack.Aws.StateDirectory };

        var again = await ScriptRun.RunAsync(stackScript, ["up", "--tls", "--ports", "auto"], env);
        var http = await ScriptRun.RunAsync(stackScript, ["up", "--ports", "auto"], env);
        var status = await ScriptRun.RunAsync(stackScript, ["status"], env);

        Assert.Equal(0, again.Exit);
        Assert.Equal(stack.Aws.Environment, LambdaSuite.LocalInvoke.LocalStack.ParseExports(again.Stdout));
        Assert.Equal(1, http.Exit);
        Assert.Contains($"the stack in {stack.Aws.StateDirectory} serves https (s3 dynamodb ecs running); stop it first (stack down) to start it over http", http.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, status.Exit);
        Assert.Equal(3, status.Stdout.Split('\n').Count(l => l.Contains(" running ", StringComparison.Ordinal) && l.Contains("https://127.0.0.1:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task LogShipper_copies_the_new_objects_over_https()
    {
        var sample = Path.Combine(Events, "logshipper", "s3-put.json");
        await stack.Aws.PutEventObjectsAsync(sample);

        var result = await InvokeAsync("LogShipperFunction", sample, Path.Combine(Events, "logshipper", "env.json"));

        Assert.Equal(0, result.ExitCode);
        using var s3 = stack.S3();
        var copies = await s3.ListObjectsV2Async(new() { BucketName = "customer-log-archive", Prefix = "env-local/" });
        Assert.NotEmpty(copies.S3Objects);
    }

    [Fact]
    public async Task Remediator_stops_the_unhealthy_task_over_https()
    {
        await stack.Aws.EcsResetAsync();

        var result = await InvokeAsync("RemediatorFunction", Path.Combine(Events, "remediator", "eventbridge-service-alarm.json"), Path.Combine(Events, "remediator", "env.json"),
            "--parameter-overrides", "RemediatorClusterName=demo-cluster", "RemediatorAllowedServices=demo-cluster/demo-api");

        Assert.Equal(0, result.ExitCode);
        var calls = (await stack.Aws.EcsStateAsync()).GetProperty("calls");
        Assert.Equal(1, calls.GetProperty("StopTask").GetInt32());
    }

    [Fact]
    public async Task PostConfirmation_creates_the_profile_over_https()
    {
        var result = await InvokeAsync("PostConfirmationFunction", Path.Combine(Events, "postconfirmation", "confirm-signup.json"), Path.Combine(Events, "postconfirmation", "env.json"));

        Assert.Equal(0, result.ExitCode);
        using var dynamo = stack.DynamoDb();
        var item = await dynamo.GetItemAsync(new GetItemRequest("lambdasuite-users", new() { ["PK"] = new() { S = "USER#a1b2c3d4-5678-90ab-cdef-EXAMPLE11111" }, ["SK"] = new() { S = "PROFILE" } }));
        Assert.True(item.IsItemSet, result.ToString());
    }

    [Fact]
    public async Task A_certificate_no_store_holds_fails_the_call_with_one_line_naming_it_and_the_stores()
    {
        // The stack's CA neither in TLS_TRUST_FILE nor in the OS bundle (SSL_CERT_FILE without it).
        var env = stack.Aws.Environment.Where(e => e.Key is not ("TLS_TRUST_FILE" or "SSL_CERT_FILE")).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

        var (result, output) = await InvokeInProcessAsync(["PostConfirmationFunction", "-n", Path.Combine(Events, "postconfirmation", "env.json")], env, Path.Combine(Events, "postconfirmation", "confirm-signup.json"));

        Assert.Equal(InvocationEnd.Error, result.End);
        var line = Assert.Single(output, l => l.Contains("profile not created", StringComparison.Ordinal));
        Assert.Contains(
            "TLS: the certificate (CN=127.0.0.1, issued by CN=LambdaSuite local stack intermediate CA) is not trusted: PartialChain; "
            + $"checked against TLS_TRUST_STORE=amazon: the Amazon Trust Services roots, then the OS store (https://{stack.Aws.DynamoDbEndpoint.Authority}/)",
            line,
            StringComparison.Ordinal);
        Assert.DoesNotContain("The SSL connection could not be established", Encoding.UTF8.GetString(result.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CA_only_in_the_users_SSL_CERT_FILE_is_accepted_by_the_OS_store_check_after_the_bootstrap_narrowed_dotnets_trust()
    {
        // Amazon store, no TLS_TRUST_FILE: the stack's CA is only in SSL_CERT_FILE (the OS bundle plus
        // the CA), which the bootstrap points elsewhere at start; the second check reads it where it was.
        var temp = Directory.CreateTempSubdirectory("lambdasuite-tls-test-").FullName;
        try
        {
            var env = stack.Aws.Environment.Where(e => e.Key != "TLS_TRUST_FILE").ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            (env["TLS_TRUST_STORE"], env["TMPDIR"]) = ("amazon", temp);

            var (result, output) = await InvokeInProcessAsync(["PostConfirmationFunction", "-n", Path.Combine(Events, "postconfirmation", "env.json")], env, Path.Combine(Events, "postconfirmation", "confirm-signup.json"));

            Assert.True(result.End == InvocationEnd.Success, string.Join('\n', output));
            // The roots file the bootstrap made lives in memory: nothing left in its temporary directory.
            Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public async Task With_the_Amazon_store_dotnets_own_trust_holds_the_Amazon_roots_and_TLS_TRUST_FILE()
    {
        // What a client outside the functions' transport trusts in a bootstrap (e.g. the SDK's STS or SSO credential providers).
        var env = stack.Aws.Environment.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        env["TLS_TRUST_STORE"] = "amazon";

        var (result, output) = await InvokeInProcessAsync(["-t", LocalInvokeCli.FixtureTemplate, "DefaultTrustFunction"], env, Path.Combine(Events, "postconfirmation", "confirm-signup.json"));

        Assert.True(result.End == InvocationEnd.Success, string.Join('\n', output));
        Assert.Equal("true", Encoding.UTF8.GetString(result.Body));
    }

    [Fact]
    public async Task Without_an_OS_bundle_up_tls_warns_that_the_exported_bundle_holds_the_stacks_CA_only()
    {
        // tls_prepare as `stack up --tls` runs it, on a machine where no OS bundle is found.
        var state = Directory.CreateTempSubdirectory("lambdasuite-tls-prepare-").FullName;
        try
        {
            var script = "set -e; log() { printf 'stack: %s\\n' \"$*\" >&2; }; die() { log \"error: $*\"; exit 1; }; "
                + "source infra/local/stack-http.sh; tls_system_bundle() { return 1; }; tls_prepare";

            var (exit, _, stderr) = await ScriptRun.RunAsync("-c", [script], new Dictionary<string, string> { ["STATE_DIR"] = state });

            Assert.True(exit == 0, stderr);
            Assert.Contains("stack: warning: no OS CA bundle found", stderr, StringComparison.Ordinal);
            Assert.Contains($"{state}/tls/trust.pem (SSL_CERT_FILE of stack env) holds the stack's CA only", stderr, StringComparison.Ordinal);
            Assert.Equal(File.ReadAllText(Path.Combine(state, "tls", "ca.pem")), File.ReadAllText(Path.Combine(state, "tls", "trust.pem")));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Theory]
    [InlineData("amazon", "false")]
    [InlineData("system", "true")]
    public async Task With_the_Amazon_store_a_bootstrap_does_not_read_the_OS_bundle_into_dotnets_own_trust(string store, string acceptedByDotnetDefault)
    {
        // SSL_CERT_FILE (the OS bundle plus the stack's CA) is where .NET's default trust reads the OS
        // store; that the Amazon store keeps .NET from reading it is where the cold start is won.
        var env = stack.Aws.Environment.Where(e => e.Key != "TLS_TRUST_FILE").ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        env["TLS_TRUST_STORE"] = store;

        var (result, output) = await InvokeInProcessAsync(["-t", LocalInvokeCli.FixtureTemplate, "DefaultTrustFunction"], env, Path.Combine(Events, "postconfirmation", "confirm-signup.json"));

        Assert.True(result.End == InvocationEnd.Success, string.Join('\n', output));
        Assert.Equal(acceptedByDotnetDefault, Encoding.UTF8.GetString(result.Body));
    }

    /// <summary>What infra/local/invoke does, with an environment of the test's choosing instead of `stack env`.</summary>
    private static async Task<(InvocationResult Result, List<string> Output)> InvokeInProcessAsync(string[] args, IReadOnlyDictionary<string, string> env, string sample)
    {
        var function = LambdaSuite.LocalInvoke.Program.Prepare(Options.Parse(args, RepositoryPaths.Root), RepositoryPaths.Root, env);
        var output = new List<string>();
        await using var environment = await ExecutionEnvironment.StartAsync(function, line => { lock (output) { output.Add(line); } });
        var invocation = environment.Enqueue(File.ReadAllBytes(sample), TimeSpan.FromSeconds(30));
        Assert.Null((await environment.InitAsync()).Error);
        return (await environment.CompleteAsync(invocation), output);
    }

    private Task<InvokeResult> InvokeAsync(string function, string sample, string envVars, params string[] extra)
        => LocalInvokeCli.RunAsync([function, "-e", sample, "-n", envVars, .. extra], new Dictionary<string, string> { ["LAMBDASUITE_STACK_DIR"] = stack.Aws.StateDirectory });
}
