using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.Remediator.Aws.Ecs;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Remediator.IntegrationTests;

/// <summary>
/// The Remediator's ECS client against the ECS stand-in, which verifies SigV4 (key test / secret
/// test) the way ECS does. The client resolves the endpoint from the stack's exported variables,
/// as in Lambda.
/// </summary>
[Collection(LocalAwsGroup.Name)]
public sealed class EcsClientStandInTests(LocalAws aws)
{
    private const string Cluster = "demo-cluster";

    [Fact]
    public async Task Lists_describes_and_stops_the_unhealthy_demo_task()
    {
        await aws.EcsResetAsync();
        using var ecs = Client();

        var arns = (await ecs.ListTasksAsync(new ListTasksRequest { Cluster = Cluster, ServiceName = "demo-api", DesiredStatus = "RUNNING" })).TaskArns;
        var described = await ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = Cluster, Tasks = [.. arns, "0123456789abcdef0123456789abcdef"] });
        var unhealthy = Assert.Single(described.Tasks, t => t.HealthStatus == "UNHEALTHY");
        var stopped = await ecs.StopTaskAsync(new StopTaskRequest { Cluster = Cluster, Task = unhealthy.TaskArn, Reason = "LambdaSuite integration test" });

        Assert.Equal(3, arns.Count);
        Assert.Equal(3, described.Tasks.Count);
        Assert.All(described.Tasks, t => Assert.True(t.StartedAt > DateTimeOffset.UnixEpoch));
        Assert.Equal("MISSING", Assert.Single(described.Failures).Reason);
        Assert.Equal(unhealthy.TaskArn, stopped.Task?.TaskArn);
        Assert.Equal("STOPPED", stopped.Task?.DesiredStatus);
        Assert.Equal(1, await CallsAsync("StopTask"));
    }

    [Fact]
    public async Task An_ECS_error_comes_back_from_the_service_with_its_code_and_request_id()
    {
        await aws.EcsResetAsync();
        using var ecs = Client();

        var e = await Assert.ThrowsAsync<AmazonEcsException>(
            () => ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = "no-such-cluster-" + Guid.NewGuid().ToString("N"), Tasks = ["x"] }));

        Assert.Equal("ClusterNotFoundException", e.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.False(string.IsNullOrEmpty(e.RequestId));
    }

    [Fact]
    public async Task A_wrong_secret_is_rejected_as_InvalidSignatureException_without_retry()
    {
        await aws.EcsResetAsync();
        using var ecs = Client(new BasicAWSCredentials(aws.AccessKey, aws.SecretKey + "-wrong"));

        var e = await Assert.ThrowsAsync<AmazonEcsException>(() => ecs.ListTasksAsync(new ListTasksRequest { Cluster = Cluster }));

        Assert.Equal("InvalidSignatureException", e.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.False(e.IsRetryable);
        Assert.DoesNotContain('\n', e.Message);
        var requests = (await aws.EcsStateAsync()).GetProperty("requests").EnumerateArray().ToList();
        Assert.Single(requests, r => r.GetProperty("errorType").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task Injected_throttling_is_retried_to_success()
    {
        await aws.EcsResetAsync();
        await aws.EcsFaultAsync("""{"operation":"ListTasks","status":400,"type":"ThrottlingException","message":"Rate exceeded","count":2}""");
        var sink = new MemorySink();
        using var ecs = Client(log: new JsonLog(sink, "IntegrationTests"));

        var response = await ecs.ListTasksAsync(new ListTasksRequest { Cluster = Cluster, ServiceName = "demo-api" });

        Assert.Equal(3, response.TaskArns.Count);
        Assert.Equal(3, await CallsAsync("ListTasks"));
        Assert.Equal(2, sink.Json().Count(l => l.GetProperty("message").GetString() == "ECS call failed; retrying"));
    }

    [Fact]
    public async Task A_slow_response_times_out_the_attempt_and_the_retry_succeeds()
    {
        await aws.EcsResetAsync();
        await aws.EcsFaultAsync("""{"operation":"DescribeTasks","delayMs":30000,"count":1}""");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Longer than the stand-in's hold: on real time the first attempt would be answered, not retried.
        using var ecs = Client(attemptTimeout: TimeSpan.FromMinutes(1), time: time);
        var arns = (await ecs.ListTasksAsync(new ListTasksRequest { Cluster = Cluster, ServiceName = "demo-api" })).TaskArns;

        var call = ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = Cluster, Tasks = arns });
        await UntilCalledAsync("DescribeTasks"); // the stand-in holds the first attempt for 30 s
        time.Advance(TimeSpan.FromMinutes(1));
        var response = await call;

        Assert.Equal(3, response.Tasks.Count);
        Assert.Equal(2, await CallsAsync("DescribeTasks"));
    }

    private async Task<int> CallsAsync(string operation)
        => (await aws.EcsStateAsync()).GetProperty("calls").TryGetProperty(operation, out var n) ? n.GetInt32() : 0;

    /// <summary>Returns once the stand-in has received <paramref name="operation"/> (it counts a call when it arrives).</summary>
    private async Task UntilCalledAsync(string operation)
    {
        for (var look = 0; look < 500 && await CallsAsync(operation) == 0; look++)
        {
            await Task.Yield();
        }

        Assert.Equal(1, await CallsAsync(operation));
    }

    /// <summary>No backoff jitter (retries follow at once) and a budget beyond any attempt, so only an attempt timeout needs the clock to move.</summary>
    private EcsClient Client(AWSCredentials? credentials = null, ILog? log = null, TimeSpan? attemptTimeout = null, TimeProvider? time = null)
        => new(
            new EcsClientOptions
            {
                Environment = new EnvironmentReader(aws.Environment),
                Credentials = credentials ?? new BasicAWSCredentials(aws.AccessKey, aws.SecretKey),
                AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(5),
                Retry = new EcsRetryOptions { NextRandom = () => 0, TotalBudget = TimeSpan.FromMinutes(5) },
                Time = time ?? new FakeTimeProvider(DateTimeOffset.UtcNow),
            },
            log);
}
