using LambdaSuite.Remediator.Decision;
using Xunit;
using static Remediator.Tests.Fakes.FakeEcsClient;

namespace Remediator.Tests.Decision;

/// <summary>Which task is stopped: UNHEALTHY first, then the oldest; never the last ones (the guard).</summary>
public sealed class VictimSelectorTests
{
    [Fact]
    public void An_unhealthy_task_is_chosen_before_older_healthy_ones()
    {
        var choice = VictimSelector.Choose([Task("old", startedMinutesAgo: 500), Task("sick", health: "UNHEALTHY", startedMinutesAgo: 5), Task("mid", startedMinutesAgo: 100)], 2);

        Assert.EndsWith("/sick", choice.Task!.TaskArn, StringComparison.Ordinal);
        Assert.Equal(3, choice.Running);
    }

    [Fact]
    public void Without_an_unhealthy_task_the_oldest_started_is_chosen()
    {
        var choice = VictimSelector.Choose([Task("b", startedMinutesAgo: 10), Task("a", startedMinutesAgo: 90), Task("c", health: "UNKNOWN", startedMinutesAgo: 30)], 2);

        Assert.EndsWith("/a", choice.Task!.TaskArn, StringComparison.Ordinal);
    }

    [Fact]
    public void Among_unhealthy_tasks_the_oldest_is_chosen()
    {
        var choice = VictimSelector.Choose([Task("u1", health: "UNHEALTHY", startedMinutesAgo: 10), Task("u2", health: "UNHEALTHY", startedMinutesAgo: 20), Task("h", startedMinutesAgo: 99)], 2);

        Assert.EndsWith("/u2", choice.Task!.TaskArn, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_start_times_are_broken_by_ARN_whatever_the_input_order()
    {
        var first = VictimSelector.Choose([Task("t2"), Task("t1"), Task("t3")], 2);
        var second = VictimSelector.Choose([Task("t3"), Task("t1"), Task("t2")], 2);

        Assert.EndsWith("/t1", first.Task!.TaskArn, StringComparison.Ordinal);
        Assert.Equal(first.Task.TaskArn, second.Task!.TaskArn);
    }

    [Fact]
    public void Tasks_already_stopping_are_neither_chosen_nor_counted()
    {
        var tasks = new[]
        {
            Task("stopping", health: "UNHEALTHY", desiredStatus: "STOPPED"),
            Task("deprovisioning", health: "UNHEALTHY", lastStatus: "DEPROVISIONING", desiredStatus: "STOPPED"),
            Task("pending", lastStatus: "PENDING"),
            Task("ok1"),
            Task("ok2", startedMinutesAgo: 61),
        };

        var choice = VictimSelector.Choose(tasks, 2);

        Assert.Equal(2, choice.Running);
        Assert.EndsWith("/ok2", choice.Task!.TaskArn, StringComparison.Ordinal);
    }

    [Fact]
    public void The_guard_keeps_the_last_task()
    {
        var choice = VictimSelector.Choose([Task("only", health: "UNHEALTHY"), Task("gone", desiredStatus: "STOPPED")], 2);

        Assert.Null(choice.Task);
        Assert.Equal(1, choice.Running);
        Assert.Contains("at least 2 required", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_higher_minimum_is_honoured()
    {
        Assert.Null(VictimSelector.Choose([Task("a"), Task("b"), Task("c")], 4).Task);
        Assert.NotNull(VictimSelector.Choose([Task("a"), Task("b"), Task("c"), Task("d")], 4).Task);
    }

    [Fact]
    public void Tasks_of_another_service_group_are_ignored()
    {
        var choice = VictimSelector.Choose([Task("other", service: "worker", health: "UNHEALTHY"), Task("a"), Task("b")], 2, "api");

        Assert.Equal(2, choice.Running);
        Assert.DoesNotContain("other", choice.Task!.TaskArn, StringComparison.Ordinal);
    }
}
