using LambdaSuite.TestSupport;
using LogShipper.Tests.Fixtures;
using Xunit;

namespace LogShipper.Tests;

/// <summary>
/// Unreadable text (a lone surrogate escape, or bytes that are not UTF-8) in any property name or string value of any sample event is bad input
/// (one line, no S3 request), or, inside an SQS message or a back-fill task, that message's or task's
/// own failure in the answer; never another exception (a lookup that trips on the name).
/// </summary>
public sealed class UnreadableTextTests
{
    public static TheoryData<string> Samples() => [.. UnreadableTextVariants.SampleEvents("logshipper")];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_name_and_value_of_the_sample_event_made_unreadable_is_bad_input_without_a_copy(string sample)
    {
        var problems = await UnreadableTextVariants.ProblemsAsync("logshipper", sample, answerAllowed: true, payload =>
        {
            var h = new Harness();
            return (async () => await (await h.HandleAsync(new MemoryStream(payload))).DisposeAsync(), () => h.Store.Count);
        });

        Assert.Empty(problems);
    }
}
