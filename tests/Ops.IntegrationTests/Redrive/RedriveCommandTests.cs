using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Ops.IntegrationTests.Redrive;

/// <summary>infra/ops/redrive as an operator runs it, against the local stack (fauxqs SQS, re-invoke through infra/local/invoke).</summary>
[Collection(LocalAwsGroup.Name)]
public sealed class RedriveCommandTests(LocalAws aws) : IDisposable
{
    private const string SourceBucket = "lambdasuite-access-logs";
    private const string DestinationBucket = "customer-log-archive";
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private readonly AmazonSQSClient _sqs = new(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = aws.SqsEndpoint.ToString(), AuthenticationRegion = "us-east-1" });
    private readonly AmazonS3Client _s3 = new(new BasicAWSCredentials("test", "test"), new AmazonS3Config { ServiceURL = aws.S3Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    private string SourcePrefix => $"logs/redrive-{_run}/";

    private string DestinationPrefix => $"redriven-{_run}/";

    [Fact]
    public async Task A_dry_run_touches_nothing_then_apply_reships_each_failed_object_exactly_once_and_empties_the_queue()
    {
        var queueUrl = await CreateQueueAsync();
        var objects = new Dictionary<string, byte[]>();
        foreach (var name in new[] { "a b.log", "c+d.log", "e%.log" })
        {
            objects[name] = RandomNumberGenerator.GetBytes(700 + name.Length);
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = SourceBucket, Key = SourcePrefix + name, InputStream = new MemoryStream(objects[name]) });
            await _sqs.SendMessageAsync(queueUrl, FailureRecord(S3Event(SourcePrefix + name)));
        }

        var dry = await RedriveAsync("--queue-url", queueUrl, "--local", "LogShipperFunction", "--", "-n", EnvVars());

        Assert.True(dry.Exit == 0, dry.ToString());
        Assert.Equal("dry-run messages=3 would-invoke=3 unrecognised=0 other-function=0", dry.Stdout.Trim());
        Assert.Equal(3, await VisibleAsync(queueUrl));
        Assert.Null(await DestinationAsync("a b.log"));

        var apply = await RedriveAsync("--queue-url", queueUrl, "--local", "LogShipperFunction", "--apply", "--", "-n", EnvVars());

        Assert.True(apply.Exit == 0, apply.ToString());
        Assert.Equal("messages=3 invoked=3 deleted=3 failed=0 unrecognised=0 other-function=0", apply.Stdout.Trim());
        foreach (var (name, bytes) in objects)
        {
            Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)), Convert.ToHexString(SHA256.HashData((await DestinationAsync(name))!)));
        }

        // Exactly once: one "object shipped" line per object in the function logs the command passed through.
        var shipped = Regex.Matches(apply.Stderr, "\"message\":\"object shipped\".*?\"sourceKey\":\"([^\"]+)\"").Select(m => System.Text.Json.JsonSerializer.Deserialize<string>($"\"{m.Groups[1].Value}\"")).Order(StringComparer.Ordinal);
        Assert.Equal(objects.Keys.Select(n => SourcePrefix + n).Order(StringComparer.Ordinal), shipped);
        Assert.Equal(0, await VisibleAsync(queueUrl));
        var again = await RedriveAsync("--queue-url", queueUrl, "--local", "LogShipperFunction", "--apply", "--", "-n", EnvVars());
        Assert.Equal("messages=0 invoked=0 deleted=0 failed=0 unrecognised=0 other-function=0", again.Stdout.Trim());
    }

    [Fact]
    public async Task A_failed_invoke_and_an_unrecognised_message_stay_in_the_queue_and_the_exit_code_says_so()
    {
        var queueUrl = await CreateQueueAsync();
        await _sqs.SendMessageAsync(queueUrl, FailureRecord(S3Event(SourcePrefix + "x.log")));
        await _sqs.SendMessageAsync(queueUrl, "not a failure record");
        // Enabled without a destination: the function fails at init, so the invoke is not accepted.
        var broken = Path.Combine(Path.GetTempPath(), $"lambdasuite-env-broken-{_run}.json");
        await File.WriteAllTextAsync(broken, """{"LogShipperFunction":{"SHIPPER_ENABLED":"true","DESTINATION_BUCKET":""}}""");

        var result = await RedriveAsync("--queue-url", queueUrl, "--local", "LogShipperFunction", "--apply", "--", "-n", broken);

        Assert.True(result.Exit == 1, result.ToString());
        Assert.Equal("messages=2 invoked=1 deleted=0 failed=1 unrecognised=1 other-function=0", result.Stdout.Trim());
        Assert.Contains("left: invoke not accepted (local invoke exited 3)", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, await VisibleAsync(queueUrl));
    }

    [Fact]
    public async Task Usage_errors_exit_2_with_one_line()
    {
        var result = await RedriveAsync("--queue-url", "https://sqs.us-east-1.amazonaws.com/1/q");

        Assert.Equal(2, result.Exit);
        Assert.Equal("redrive: error: give exactly one of --function <name|arn> and --local <LogicalId>", ScriptRun.WithoutBuildProgress(result.Stderr).Trim());
    }

    private async Task<string> CreateQueueAsync() => (await _sqs.CreateQueueAsync("failures-" + _run + "-" + Guid.NewGuid().ToString("N")[..6])).QueueUrl;

    private async Task<int> VisibleAsync(string queueUrl)
    {
        var attributes = await _sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        return attributes.ApproximateNumberOfMessagesNotVisible == 0 ? attributes.ApproximateNumberOfMessages : -attributes.ApproximateNumberOfMessagesNotVisible;
    }

    private async Task<byte[]?> DestinationAsync(string name)
    {
        try
        {
            using var response = await _s3.GetObjectAsync(DestinationBucket, DestinationPrefix + name);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    private string EnvVars()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lambdasuite-env-redrive-{_run}.json");
        File.WriteAllText(path, new JsonObject
        {
            ["LogShipperFunction"] = new JsonObject
            {
                ["SHIPPER_ENABLED"] = "true", ["SOURCE_BUCKET"] = SourceBucket, ["SOURCE_PREFIX"] = SourcePrefix, ["SOURCE_BUCKET_OWNER"] = string.Empty,
                ["DESTINATION_BUCKET"] = DestinationBucket, ["DESTINATION_PREFIX"] = DestinationPrefix, ["DESTINATION_BUCKET_OWNER"] = "000000000000", ["S3_FORCE_PATH_STYLE"] = "true",
            },
        }.ToJsonString());
        return path;
    }

    /// <summary>An S3 notification for a key (size and ETag left out: the function HEADs the object).</summary>
    private static JsonObject S3Event(string key) => new()
    {
        ["Records"] = new JsonArray(new JsonObject
        {
            ["eventVersion"] = "2.1", ["eventSource"] = "aws:s3", ["awsRegion"] = "us-east-1", ["eventTime"] = "2026-11-22T10:00:00.000Z", ["eventName"] = "ObjectCreated:Put",
            ["s3"] = new JsonObject
            {
                ["bucket"] = new JsonObject { ["name"] = SourceBucket },
                ["object"] = new JsonObject { ["key"] = Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal).Replace("%20", "+", StringComparison.Ordinal) },
            },
        }),
    };

    /// <summary>What Lambda's on-failure destination writes after the last retry failed.</summary>
    private static string FailureRecord(JsonObject payload) => new JsonObject
    {
        ["version"] = "1.0",
        ["timestamp"] = "2026-11-22T10:05:00.000Z",
        ["requestContext"] = new JsonObject
        {
            ["requestId"] = Guid.NewGuid().ToString(), ["functionArn"] = "arn:aws:lambda:us-east-1:000000000000:function:LogShipperFunction:$LATEST",
            ["condition"] = "RetriesExhausted", ["approximateInvokeCount"] = 3,
        },
        ["requestPayload"] = payload,
        ["responseContext"] = new JsonObject { ["statusCode"] = 200, ["executedVersion"] = "$LATEST", ["functionError"] = "Unhandled" },
        ["responsePayload"] = new JsonObject { ["errorMessage"] = "1 of 1 objects failed (Throttled x1)", ["errorType"] = "ShippingFailedException" },
    }.ToJsonString();

    private Task<(int Exit, string Stdout, string Stderr)> RedriveAsync(params string[] args)
        => ScriptRun.RunAsync(RepositoryPaths.Combine("infra", "ops", "redrive"), args,
            aws.ChildEnvironment(new Dictionary<string, string> { ["LAMBDASUITE_STACK_DIR"] = aws.StateDirectory }));

    public void Dispose()
    {
        _sqs.Dispose();
        _s3.Dispose();
    }
}
