using System.Net;
using LambdaSuite.Common.Ecs;
using LambdaSuite.Common.Ecs.Model;
using Xunit;

namespace LambdaSuite.Common.Tests.Ecs;

/// <summary>The JSON 1.1 request each operation puts on the wire.</summary>
public sealed class EcsClientRequestTests
{
    [Fact]
    public async Task ListTasks_sends_target_and_camelCase_body_without_null_members()
    {
        var wire = await SendAsync(c => c.ListTasksAsync(new ListTasksRequest { Cluster = "demo-cluster", ServiceName = "demo-api", DesiredStatus = "RUNNING" }));

        AssertJson11(wire, "ListTasks");
        Assert.Equal("""{"cluster":"demo-cluster","serviceName":"demo-api","desiredStatus":"RUNNING"}""", wire.BodyText);
    }

    [Fact]
    public async Task ListTasks_sends_paging_members_when_set()
    {
        var wire = await SendAsync(c => c.ListTasksAsync(new ListTasksRequest { Cluster = "c", MaxResults = 10, NextToken = "t1" }));

        Assert.Equal("""{"cluster":"c","maxResults":10,"nextToken":"t1"}""", wire.BodyText);
    }

    [Fact]
    public async Task DescribeTasks_sends_task_list()
    {
        var wire = await SendAsync(c => c.DescribeTasksAsync(new DescribeTasksRequest { Cluster = "demo-cluster", Tasks = ["arn:a", "arn:b"] }));

        AssertJson11(wire, "DescribeTasks");
        Assert.Equal("""{"cluster":"demo-cluster","tasks":["arn:a","arn:b"]}""", wire.BodyText);
    }

    [Fact]
    public async Task StopTask_sends_cluster_task_and_reason()
    {
        var wire = await SendAsync(c => c.StopTaskAsync(new StopTaskRequest { Cluster = "demo-cluster", Task = "arn:a", Reason = "unhealthy" }));

        AssertJson11(wire, "StopTask");
        Assert.Equal("""{"cluster":"demo-cluster","task":"arn:a","reason":"unhealthy"}""", wire.BodyText);
    }

    [Fact]
    public async Task StopTask_omits_unset_reason()
    {
        var wire = await SendAsync(c => c.StopTaskAsync(new StopTaskRequest { Task = "arn:a" }));

        Assert.Equal("""{"task":"arn:a"}""", wire.BodyText);
    }

    private static void AssertJson11(CapturedRequest wire, string operation)
    {
        Assert.Equal(HttpMethod.Post, wire.Method);
        Assert.Equal(new Uri(EcsTestClients.Endpoint), wire.Uri);
        Assert.Equal("application/x-amz-json-1.1", wire.Header("Content-Type"));
        Assert.Equal("AmazonEC2ContainerServiceV20141113." + operation, wire.Header("X-Amz-Target"));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=" + EcsTestClients.AccessKey + "/", wire.Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("/us-east-1/ecs/aws4_request,", wire.Header("Authorization"), StringComparison.Ordinal);
    }

    private static async Task<CapturedRequest> SendAsync(Func<EcsClient, Task> call)
    {
        var fake = FakeEcsHandler.Sequence(() => FakeEcsHandler.Json(HttpStatusCode.OK, "{}"));
        using var client = new EcsTestClients().Create(fake);
        await call(client);
        return Assert.Single(fake.Requests);
    }
}
