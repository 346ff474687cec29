using LambdaSuite.TestSupport;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests;

/// <summary>
/// Unreadable text (a lone surrogate escape, or bytes that are not UTF-8) in any property name or string value of any sample alarm event is bad
/// input: one line, no ECS call and no lock taken; never another exception.
/// </summary>
public sealed class UnreadableTextTests
{
    public static TheoryData<string> Samples() => [.. UnreadableTextVariants.SampleEvents("remediator")];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_name_and_value_of_the_sample_event_made_unreadable_is_bad_input_without_a_call(string sample)
    {
        var problems = await UnreadableTextVariants.ProblemsAsync("remediator", sample, answerAllowed: false, payload =>
        {
            var h = new RemediatorHarness();
            return (async () => await (await h.HandleAsync(payload)).DisposeAsync(), () => h.Ecs.Calls.Count + h.Lock.Calls.Count);
        });

        Assert.Empty(problems);
    }
}
