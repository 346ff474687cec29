using System.Net;
using LambdaSuite.Remediator.Aws.Ecs;
using LambdaSuite.Remediator.Decision;
using Remediator.Tests.Fakes;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Aws.Ecs;

/// <summary>The JSON 1.1 request each operation puts on the wire, and the responses as ECS shapes them.</summary>
public sealed partial class EcsClientTests
{
    [Fact]
    public async Task ListTasks_sends_target_and_camelCase_body_without_null_members()
    {
        var wire = await SendAsync(c => c.ListTasksAsync(new ListTasksRequest { Cluster = "demo-cluster", ServiceName = "demo-api", DesiredStatus = "RUNNING" }));

        AssertJson11(wire, "ListTasks");
        Assert.Equal("""{"cluster":"demo-cluster","serviceName":"demo-api","desiredStatus":"RUNNING"}""", wire.BodyText);
    }

    [Fact]
    public async Task ListTasks_sends_the_next_token_when_set()
    {
        var wire = await SendAsync(c => c.ListTasksAsync(new ListTasksRequest { Cluster = "c", NextToken = "t1" }));

        Assert.Equal("""{"cluster":"c","nextToken":"t1"}""", wire.BodyText);
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

    [Fact]
    public async Task ListTasks_reads_arns_and_next_token()
    {
        using var client = Client("""{"taskArns":["arn:1","arn:2"],"nextToken":"more"}""");

        var response = await client.ListTasksAsync(new ListTasksRequest { Cluster = "c" });

        Assert.Equal(["arn:1", "arn:2"], response.TaskArns);
        Assert.Equal("more", response.NextToken);
    }

    [Fact]
    public async Task DescribeTasks_reads_tasks_with_fractional_epoch_seconds_and_failures_and_skips_members_it_does_not_model()
    {
        using var client = Client("""
            {"tasks":[{"taskArn":"arn:t1","clusterArn":"arn:c","taskDefinitionArn":"arn:td:3","group":"service:demo-api",
                       "lastStatus":"RUNNING","desiredStatus":"RUNNING","healthStatus":"UNHEALTHY",
                       "createdAt":1763800000.123,"startedAt":1763800001.25,"unknownMember":{"x":1}}],
             "failures":[{"arn":"arn:gone","reason":"MISSING","detail":"no such task"}]}
            """);

        var response = await client.DescribeTasksAsync(new DescribeTasksRequest { Cluster = "c", Tasks = ["arn:t1", "arn:gone"] });

        var task = Assert.Single(response.Tasks);
        Assert.Equal("arn:t1", task.TaskArn);
        Assert.Equal("service:demo-api", task.Group);
        Assert.Equal(("RUNNING", "RUNNING"), (task.LastStatus, task.DesiredStatus));
        Assert.Equal("UNHEALTHY", task.HealthStatus);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763800001250), task.StartedAt);
        var failure = Assert.Single(response.Failures);
        Assert.Equal(("arn:gone", "MISSING"), (failure.Arn, failure.Reason));
    }

    [Fact]
    public async Task StopTask_reads_the_stopping_task()
    {
        using var client = Client("""{"task":{"taskArn":"arn:t1","desiredStatus":"STOPPED","stoppedReason":"unhealthy","stoppingAt":1763800002.5}}""");

        var response = await client.StopTaskAsync(new StopTaskRequest { Task = "arn:t1" });

        Assert.NotNull(response.Task);
        Assert.Equal(("arn:t1", "STOPPED"), (response.Task.TaskArn, response.Task.DesiredStatus));
    }

    [Fact]
    public async Task A_success_status_with_a_body_that_is_not_JSON_is_an_error_not_retried()
    {
        using var client = Client("<html>proxy</html>");

        var e = await Assert.ThrowsAsync<AmazonEcsException>(() => client.ListTasksAsync(new ListTasksRequest()));

        Assert.Equal("InvalidResponse", e.ErrorCode);
        Assert.False(e.IsRetryable);
        Assert.StartsWith("ECS ListTasks failed: InvalidResponse: ", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> TransientOnTheWire => ["429", "503", "500 ServerException", "400 ThrottlingException", "transport"];

    [Theory]
    [MemberData(nameof(TransientOnTheWire))]
    public async Task Transient_failures_on_the_wire_are_retried_to_success(string failure)
    {
        var fake = new FakeEcsHandler((n, _, _) => n == 1 ? Fail(failure) : Task.FromResult(FakeEcsHandler.Json(HttpStatusCode.OK, """{"taskArns":["arn:1"]}""")));
        using var client = new EcsTestClients().Create(fake, r => r with { NextRandom = () => 0 }); // no wait, so no clock to move

        var response = await client.ListTasksAsync(new ListTasksRequest { Cluster = "demo-cluster" });

        Assert.Equal(["arn:1"], response.TaskArns);
        Assert.Equal(2, fake.Requests.Count);
    }

    private static Task<HttpResponseMessage> Fail(string failure) => failure switch
    {
        "429" => Task.FromResult(FakeEcsHandler.Json(HttpStatusCode.TooManyRequests, "{}")),
        "503" => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)),
        "500 ServerException" => Task.FromResult(FakeEcsHandler.Error(HttpStatusCode.InternalServerError, "ServerException")),
        "400 ThrottlingException" => Task.FromResult(FakeEcsHandler.Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded")),
        _ => Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (ecs.test.local:4599)")),
    };

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

    private static EcsClient Client(string json)
        => new EcsTestClients().Create(FakeEcsHandler.Sequence(() => FakeEcsHandler.Json(HttpStatusCode.OK, json)));
}
