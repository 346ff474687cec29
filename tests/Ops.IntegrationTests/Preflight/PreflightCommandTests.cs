using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Ops.IntegrationTests.Preflight;

/// <summary>infra/ops/preflight --local as an operator runs it: the real function through infra/local/invoke against the local stack (fauxqs).</summary>
[Collection(LocalAwsGroup.Name)]
public sealed class PreflightCommandTests(LocalAws aws) : IDisposable
{
    private const string SourceBucket = "lambdasuite-access-logs";
    private readonly AmazonS3Client _s3 = new(new BasicAWSCredentials("test", "test"), new AmazonS3Config { ServiceURL = aws.S3Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    private static readonly string[] CheckNames = ["source-canary-written", "destination-bucket-exists", "copy-allowed", "encryption-as-configured", "kms-key-usable"];

    [Fact]
    public async Task With_the_sample_configuration_no_check_fails_the_emulator_s_blind_spots_say_skipped_and_why_and_nothing_ships()
    {
        var result = await PreflightAsync("--local", "-n", RepositoryPaths.Combine("infra", "events", "logshipper", "env.json"));

        Assert.True(result.Exit == 0, result.ToString());
        var rows = TableRows(result.Stdout);
        Assert.Equal(CheckNames, rows.Keys);
        Assert.Equal(["pass", "pass", "pass", "skipped", "skipped"], rows.Values.Select(r => r.Status));
        Assert.Contains("fauxqs", rows["encryption-as-configured"].Detail, StringComparison.Ordinal);
        Assert.EndsWith("result: pass (3 passed, 0 failed, 0 unknown, 2 skipped)", result.Stdout.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Stdout); // not a terminal: no colour
        AssertNoLogObjectTouched(result.Stderr);
        // The customer's bucket holds the one canary under the prefix, with the text that says what it is.
        Assert.Equal(["env-local/preflight/canary"], await KeysAsync("customer-log-archive", "env-local/preflight/"));
        Assert.StartsWith("LambdaSuite LogShipper preflight canary", await TextAsync("customer-log-archive", "env-local/preflight/canary"), StringComparison.Ordinal);
        Assert.StartsWith("LambdaSuite LogShipper preflight canary", await TextAsync(SourceBucket, "preflight/canary"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destination_bucket_that_does_not_exist_fails_the_bucket_check_naming_it_in_the_table_and_the_json()
    {
        var env = EnvVars(("DESTINATION_BUCKET", "customer-archive-that-is-not-there"), ("SHIPPER_ENABLED", "false"));

        var table = await PreflightAsync("--local", "--env-vars", env);
        var json = await PreflightAsync("--local", "-n", env, "--json");

        Assert.True(table.Exit == 1, table.ToString());
        var row = TableRows(table.Stdout)["destination-bucket-exists"];
        Assert.Equal("fail", row.Status);
        Assert.Contains("NoSuchBucket for customer-archive-that-is-not-there", row.Detail, StringComparison.Ordinal);
        Assert.Contains("fix for destination-bucket-exists: The customer creates bucket customer-archive-that-is-not-there", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, json.Exit);
        var answer = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal("fail", answer.GetProperty("result").GetString());
        Assert.Equal(CheckNames, answer.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var check = answer.GetProperty("checks")[1];
        Assert.Equal("fail", check.GetProperty("status").GetString());
        Assert.Contains("customer-archive-that-is-not-there", check.GetProperty("fix").GetString(), StringComparison.Ordinal);
        AssertNoLogObjectTouched(table.Stderr + json.Stderr);
    }

    [Fact]
    public async Task Parameter_overrides_reach_the_template_and_a_SourcePrefix_over_the_canary_writes_nothing()
    {
        // The template parameter SourcePrefix becomes SOURCE_PREFIX (the sample env.json would override it, so none is given).
        var result = await PreflightAsync("--local", "--parameter-overrides", "SourcePrefix=preflight/", "DestinationBucket=customer-log-archive", "DestinationBucketOwner=000000000000", "--json");

        Assert.Equal(1, result.Exit);
        var check = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("checks")[0];
        Assert.Equal("fail", check.GetProperty("status").GetString());
        Assert.Contains("SOURCE_PREFIX \"preflight/\" covers the canary key preflight/canary", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("preflight: error: give exactly one of --function <name|arn> and --local")]
    [InlineData("preflight: error: give exactly one of --function <name|arn> and --local", "--local", "--function", "f")]
    [InlineData("preflight: error: -n is an infra/local/invoke option and needs --local", "--function", "f", "-n", "env.json")]
    [InlineData("preflight: error: --function needs a value", "--function")]
    [InlineData("preflight: error: unknown option \"--apply\" (see --help)", "--local", "--apply")]
    public async Task Usage_errors_exit_2_with_one_line(string message, params string[] args)
    {
        var result = await PreflightAsync(args);

        Assert.Equal((2, message, string.Empty), (result.Exit, ScriptRun.WithoutBuildProgress(result.Stderr).Trim(), result.Stdout));
    }

    [Fact]
    public async Task Help_exits_0_with_the_usage_on_stdout()
    {
        var result = await PreflightAsync("--help");

        Assert.Equal(0, result.Exit);
        Assert.StartsWith("Usage: infra/ops/preflight --function <name|arn> [--json]", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The table's rows by check: its status and detail columns.</summary>
    internal static Dictionary<string, (string Status, string Detail)> TableRows(string stdout)
    {
        var rows = new Dictionary<string, (string, string)>();
        foreach (var line in stdout.Split('\n').SkipWhile(l => !l.StartsWith("CHECK", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.Length > 0))
        {
            var parts = line.Split(' ', 2);
            var rest = parts[1].TrimStart();
            var status = rest.Split(' ', 2)[0];
            rows[parts[0]] = (status, rest[status.Length..].TrimStart());
        }

        return rows;
    }

    /// <summary>The function's log lines show the checklist and nothing about log objects: no copy, skip or failure of one, no object metrics.</summary>
    private static void AssertNoLogObjectTouched(string stderr)
    {
        Assert.Contains("\"message\":\"preflight check\"", stderr, StringComparison.Ordinal);
        foreach (var text in new[] { "\"object shipped\"", "\"object failed\"", "\"object skipped\"", "ObjectsShipped", "ObjectsFailed" })
        {
            Assert.DoesNotContain(text, stderr, StringComparison.Ordinal);
        }
    }

    private async Task<List<string>> KeysAsync(string bucket, string prefix)
        => [.. (await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix })).S3Objects?.Select(o => o.Key) ?? []];

    private async Task<string> TextAsync(string bucket, string key)
    {
        using var response = await _s3.GetObjectAsync(bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    /// <summary>The sample env.json with some variables changed.</summary>
    private static string EnvVars(params (string Name, string Value)[] changes)
    {
        var file = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "events", "logshipper", "env.json")))!;
        foreach (var (name, value) in changes)
        {
            file["LogShipperFunction"]![name] = value;
        }

        var path = Path.Combine(Path.GetTempPath(), $"lambdasuite-env-preflight-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, file.ToJsonString());
        return path;
    }

    private Task<(int Exit, string Stdout, string Stderr)> PreflightAsync(params string[] args)
        => ScriptRun.RunAsync(RepositoryPaths.Combine("infra", "ops", "preflight"), args,
            aws.ChildEnvironment(new Dictionary<string, string> { ["LAMBDASUITE_STACK_DIR"] = aws.StateDirectory }));

    public void Dispose() => _s3.Dispose();
}
