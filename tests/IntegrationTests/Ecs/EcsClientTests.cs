using System.Net;
using Amazon.Runtime;
using LambdaSuite.Common.Ecs;
using LambdaSuite.Common.Ecs.Model;
using LambdaSuite.Common.Logging;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.IntegrationTests.Ecs;

/// <summary>
/// EcsClient against the ECS stand-in, which verifies SigV4 (key test / secret test) the way ECS
/// does. The client resolves the endpoint from the stack's exported variables, as in Lambda.
/// </summary>
[Collection(LocalAwsGroup.Name)]
public sealed class EcsClientTests(LocalAws aws)
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
        var state = await aws.EcsStateAsync();
        Assert.Equal(1, state.GetProperty("calls").GetProperty("StopTask").GetInt32());
    }

    [Fact]
    public async Task A_typed_ECS_error_comes_back_from_the_service()
    {
        await aws.EcsResetAsync();
        using var ecs = Client();

        var e = await Assert.ThrowsAsync<ClusterNotFoundException>(
            () => ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = "no-such-cluster-" + Guid.NewGuid().ToString("N"), Tasks = ["x"] }));

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
        Assert.Single(requests, r => r.GetProperty("errorType").ValueKind == System.Text.Json.JsonValueKind.String);
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
        Assert.Equal(3, (await aws.EcsStateAsync()).GetProperty("calls").GetProperty("ListTasks").GetInt32());
        Assert.Equal(2, sink.Json().Count(l => l.GetProperty("message").GetString() == "ECS call failed; retrying"));
    }

    [Fact]
    public async Task A_slow_response_times_out_the_attempt_and_the_retry_succeeds()
    {
        await aws.EcsResetAsync();
        await aws.EcsFaultAsync("""{"operation":"DescribeTasks","delayMs":3000,"count":1}""");
        using var ecs = Client(attemptTimeout: TimeSpan.FromMilliseconds(500));
        var arns = (await ecs.ListTasksAsync(new ListTasksRequest { Cluster = Cluster, ServiceName = "demo-api" })).TaskArns;

        var response = await ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = Cluster, Tasks = arns });

        Assert.Equal(3, response.Tasks.Count);
        Assert.Equal(2, (await aws.EcsStateAsync()).GetProperty("calls").GetProperty("DescribeTasks").GetInt32());
    }

    private EcsClient Client(AWSCredentials? credentials = null, ILog? log = null, TimeSpan? attemptTimeout = null)
        => new(
            new EcsClientOptions
            {
                GetEnvironmentVariable = name => aws.Environment.GetValueOrDefault(name),
                Credentials = credentials ?? new BasicAWSCredentials(aws.AccessKey, aws.SecretKey),
                AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(5),
            },
            log);
}
