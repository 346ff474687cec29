using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.PostConfirmation;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;
using PostConfirmation.Tests.Fakes;
using Xunit;

namespace PostConfirmation.Tests;

/// <summary>
/// Every sample event, changed in one place at a time: unreadable text anywhere is bad input (one
/// line, no profile written); a value of another type is bad input where it is read and ignored
/// where it is not. Never another exception.
/// </summary>
public sealed class EventVariantTests
{
    public static TheoryData<string> Samples() => [.. EventVariants.SampleEvents("infra/events/postconfirmation", "tests/PostConfirmation.Tests/Fixtures")];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Unreadable_text_in_any_name_or_value_is_bad_input_without_a_write(string sample)
        => Assert.Empty(await EventVariants.ProblemsAsync(EventVariants.UnreadableText(EventVariants.Read(sample)), answerAllowed: false, Arrange));

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task A_value_of_another_type_anywhere_is_bad_input_or_ignored_never_a_crash(string sample)
        => Assert.Empty(await EventVariants.ProblemsAsync(EventVariants.WrongTypes(EventVariants.Read(sample)), answerAllowed: true, Arrange));

    private static (Func<Task>, Func<int>) Arrange(byte[] payload)
    {
        var store = new FakeProfileStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.Zero));
        var sink = new MemorySink();
        var handler = new Handler(new PostConfirmationSettings(), store, new JsonLog(sink, "PostConfirmation", LogLevel.Debug), new EmfMetrics(sink, "Test", "PostConfirmation"), time);
        return (async () => await (await handler.HandleAsync(new MemoryStream(payload), TestInvocation.Context(time))).DisposeAsync(), () => store.Calls.Count);
    }
}
