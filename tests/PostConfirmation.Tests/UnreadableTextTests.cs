using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.PostConfirmation;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;
using PostConfirmation.Tests.Fakes;
using Xunit;

namespace PostConfirmation.Tests;

/// <summary>
/// Unreadable text (a lone surrogate escape, or bytes that are not UTF-8) in any property name or string value of any sample event is bad input:
/// one line, and no profile written; never another exception.
/// </summary>
public sealed class UnreadableTextTests
{
    public static TheoryData<string> Samples() => [.. UnreadableTextVariants.SampleEvents("postconfirmation")];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_name_and_value_of_the_sample_event_made_unreadable_is_bad_input_without_a_write(string sample)
    {
        var problems = await UnreadableTextVariants.ProblemsAsync("postconfirmation", sample, answerAllowed: false, payload =>
        {
            var store = new FakeProfileStore();
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.Zero));
            var sink = new MemorySink();
            var handler = new Handler(store, new JsonLog(sink, "PostConfirmation", LogLevel.Debug), new EmfMetrics(sink, "Test", "PostConfirmation"), time);
            return (async () => await (await handler.HandleAsync(new MemoryStream(payload), TestInvocation.Context(time))).DisposeAsync(), () => store.Calls.Count);
        });

        Assert.Empty(problems);
    }
}
