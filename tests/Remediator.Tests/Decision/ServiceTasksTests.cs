using System.Net;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.Remediator.Model;
using Remediator.Tests.Fixtures;
using Xunit;
using static Remediator.Tests.Fakes.FakeEcsClient;

namespace Remediator.Tests.Decision;

/// <summary>The service's running tasks from ECS (every page, described in batches), and StopTask.</summary>
public sealed class ServiceTasksTests
{
    private readonly RemediatorHarness _h = new();

    private ServiceTasks Tasks => new(_h.Ecs, _h.Log);

    [Fact]
    public async Task Every_page_of_ListTasks_is_read()
    {
        _h.Ecs.PageSize = 1;
        _h.Ecs.Tasks.Clear();
        _h.Ecs.Tasks.AddRange([Task("t1"), Task("t2"), Task("t3", health: "UNHEALTHY")]);

        var tasks = await Tasks.ListRunningAsync(RemediatorHarness.Target, default);

        Assert.Equal(3, _h.Ecs.Calls.Count(c => c == "ListTasks"));
        Assert.Equal(["t1", "t2", "t3"], tasks.Select(t => t.TaskArn![^2..]));
        Assert.Equal("RUNNING", _h.Ecs.ListsDesiredStatus());
    }

    [Fact]
    public async Task Tasks_are_described_at_most_100_at_a_time()
    {
        _h.Ecs.Tasks.Clear();
        _h.Ecs.Tasks.AddRange(Enumerable.Range(0, 250).Select(i => Task("t" + i)));

        var tasks = await Tasks.ListRunningAsync(RemediatorHarness.Target, default);

        Assert.Equal(250, tasks.Count);
        Assert.Equal([100, 100, 50], _h.Ecs.Describes.Select(d => d.Tasks.Count));
    }

    [Fact]
    public async Task A_task_gone_between_list_and_describe_is_left_out_and_logged()
    {
        var gone = _h.Ecs.Tasks[0].TaskArn!;
        _h.Ecs.Gone.Add(gone);

        var tasks = await Tasks.ListRunningAsync(RemediatorHarness.Target, default);

        Assert.DoesNotContain(tasks, t => t.TaskArn == gone);
        Assert.Equal(2, tasks.Count);
        var line = Assert.Single(_h.Lines("WARN", "DescribeTasks reported a failure"));
        Assert.Equal((gone, "MISSING"), (line.GetProperty("arn").GetString(), line.GetProperty("failureReason").GetString()));
    }

    [Theory]
    [InlineData("ListTasks")]
    [InlineData("DescribeTasks")]
    public async Task A_failed_call_names_the_operation_and_the_service(string operation)
    {
        _h.Ecs.Failures[operation] = new InvalidOperationException("ClientException: boom");

        var error = await Assert.ThrowsAsync<RemediationFailedException>(() => Tasks.ListRunningAsync(RemediatorHarness.Target, default));

        Assert.Equal($"ECS {operation} for prod/api failed: ClientException: boom", error.Message);
    }

    [Fact]
    public async Task StopTask_names_the_task_cluster_and_reason()
    {
        var arn = _h.Ecs.Tasks[1].TaskArn!;

        await Tasks.StopAsync(RemediatorHarness.Target, arn, "alarm api-errors", default);

        var stop = Assert.Single(_h.Ecs.Stops);
        Assert.Equal(("prod", arn, "alarm api-errors"), (stop.Cluster, stop.Task, stop.Reason));
    }

    [Fact]
    public async Task The_stop_reason_is_cut_to_the_length_ECS_accepts()
    {
        var reason = StopUnderLock.StopReason(Events.Parse(Events.EventBridge(new string('x', 255))));

        await Tasks.StopAsync(RemediatorHarness.Target, _h.Ecs.Tasks[1].TaskArn!, reason, default);

        var sent = Assert.Single(_h.Ecs.Stops).Reason!;
        Assert.Equal(ServiceTasks.MaxStopReasonLength, sent.Length);
        Assert.StartsWith("LambdaSuite Remediator: alarm xxx", sent, StringComparison.Ordinal);
        Assert.EndsWith("...", sent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AccessDeniedException", true)]
    [InlineData("InvalidParameterException", true)]
    [InlineData("ClusterNotFoundException", true)]
    [InlineData("ServiceNotFoundException", true)]
    [InlineData("ClientException", true)]
    [InlineData("ServerException", false)]
    [InlineData("ThrottlingException", false)]
    [InlineData("RequestTimeout", false)]
    [InlineData("InvalidSignatureException", false)]
    public void Only_errors_that_depend_on_the_request_alone_prove_ECS_did_nothing(string code, bool proves)
        => Assert.Equal(proves, ServiceTasks.ProvesNothingWasDone(new AmazonEcsException("x", code, HttpStatusCode.BadRequest, "r", isRetryable: false)));

    [Fact]
    public void A_failure_that_is_not_ECS_s_answer_proves_nothing()
        => Assert.False(ServiceTasks.ProvesNothingWasDone(new OperationCanceledException()));
}
