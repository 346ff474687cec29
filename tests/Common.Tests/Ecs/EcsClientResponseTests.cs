using System.Net;
using LambdaSuite.Common.Ecs;
using LambdaSuite.Common.Ecs.Model;
using Xunit;

namespace LambdaSuite.Common.Tests.Ecs;

/// <summary>Parsing of ECS JSON 1.1 responses as the service shapes them.</summary>
public sealed class EcsClientResponseTests
{
    [Fact]
    public async Task ListTasks_reads_arns_and_next_token()
    {
        using var client = Client("""{"taskArns":["arn:1","arn:2"],"nextToken":"more"}""");

        var response = await client.ListTasksAsync(new ListTasksRequest { Cluster = "c" });

        Assert.Equal(["arn:1", "arn:2"], response.TaskArns);
        Assert.Equal("more", response.NextToken);
    }

    [Fact]
    public async Task DescribeTasks_reads_tasks_with_fractional_epoch_seconds_and_failures()
    {
        using var client = Client("""
            {"tasks":[{"taskArn":"arn:t1","clusterArn":"arn:c","taskDefinitionArn":"arn:td:3","group":"service:demo-api",
                       "lastStatus":"RUNNING","desiredStatus":"RUNNING","healthStatus":"UNHEALTHY",
                       "createdAt":1763800000.123,"startedAt":1763800001,"unknownMember":{"x":1}}],
             "failures":[{"arn":"arn:gone","reason":"MISSING","detail":"no such task"}]}
            """);

        var response = await client.DescribeTasksAsync(new DescribeTasksRequest { Cluster = "c", Tasks = ["arn:t1", "arn:gone"] });

        var task = Assert.Single(response.Tasks);
        Assert.Equal("arn:t1", task.TaskArn);
        Assert.Equal("arn:c", task.ClusterArn);
        Assert.Equal("arn:td:3", task.TaskDefinitionArn);
        Assert.Equal("service:demo-api", task.Group);
        Assert.Equal("RUNNING", task.LastStatus);
        Assert.Equal("UNHEALTHY", task.HealthStatus);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763800000123), task.CreatedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763800001), task.StartedAt);
        Assert.Null(task.StoppingAt);
        var failure = Assert.Single(response.Failures);
        Assert.Equal(("arn:gone", "MISSING", "no such task"), (failure.Arn, failure.Reason, failure.Detail));
    }

    [Fact]
    public async Task StopTask_reads_the_stopping_task()
    {
        using var client = Client("""{"task":{"taskArn":"arn:t1","desiredStatus":"STOPPED","stoppedReason":"unhealthy","stoppingAt":1763800002.5}}""");

        var response = await client.StopTaskAsync(new StopTaskRequest { Task = "arn:t1" });

        Assert.NotNull(response.Task);
        Assert.Equal("STOPPED", response.Task.DesiredStatus);
        Assert.Equal("unhealthy", response.Task.StoppedReason);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763800002500), response.Task.StoppingAt);
    }

    [Fact]
    public async Task A_success_status_with_a_body_that_is_not_JSON_is_a_typed_error()
    {
        using var client = Client("<html>proxy</html>");

        var e = await Assert.ThrowsAsync<AmazonEcsException>(() => client.ListTasksAsync(new ListTasksRequest()));

        Assert.Equal("InvalidResponse", e.ErrorCode);
        Assert.False(e.IsRetryable);
        Assert.StartsWith("ECS ListTasks failed: InvalidResponse: ", e.Message, StringComparison.Ordinal);
    }

    private static EcsClient Client(string json)
        => new EcsTestClients().Create(FakeEcsHandler.Sequence(() => FakeEcsHandler.Json(HttpStatusCode.OK, json)));
}
