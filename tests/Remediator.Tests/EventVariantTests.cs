using LambdaSuite.TestSupport;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests;

/// <summary>
/// Every sample alarm event, changed in one place at a time: unreadable text anywhere is bad input
/// (one line, no ECS call, no lock taken); a value of another type is bad input where it is read
/// and ignored where it is not. Never another exception.
/// </summary>
public sealed class EventVariantTests
{
    public static TheoryData<string> Samples() => [.. EventVariants.SampleEvents("infra/events/remediator", "tests/Remediator.Tests/Fixtures")];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Unreadable_text_in_any_name_or_value_is_bad_input_without_a_call(string sample)
        => Assert.Empty(await EventVariants.ProblemsAsync(EventVariants.UnreadableText(EventVariants.Read(sample)), answerAllowed: false, Arrange));

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task A_value_of_another_type_anywhere_is_bad_input_or_ignored_never_a_crash(string sample)
        => Assert.Empty(await EventVariants.ProblemsAsync(EventVariants.WrongTypes(EventVariants.Read(sample)), answerAllowed: true, Arrange));

    private static (Func<Task>, Func<int>) Arrange(byte[] payload)
    {
        var h = new RemediatorHarness();
        return (async () => await (await h.HandleAsync(payload)).DisposeAsync(), () => h.Ecs.Calls.Count + h.Lock.Calls.Count);
    }
}
