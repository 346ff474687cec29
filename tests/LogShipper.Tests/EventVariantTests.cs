using LambdaSuite.TestSupport;
using LogShipper.Tests.Fixtures;
using Xunit;

namespace LogShipper.Tests;

/// <summary>
/// Every sample event, changed in one place at a time: bad input is one line with no S3 request;
/// inside an SQS message or a back-fill task it is that message's or task's own failure in the
/// answer; a field that is not read is ignored. Never another exception.
/// </summary>
public sealed class EventVariantTests
{
    public static TheoryData<string> Samples() => [.. EventVariants.SampleEvents("infra/events/logshipper")];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Unreadable_text_in_any_name_or_value_is_bad_input_without_a_copy(string sample)
        => Assert.Empty(await EventVariants.ProblemsAsync(EventVariants.UnreadableText(EventVariants.Read(sample)), answerAllowed: true, Arrange));

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task A_value_of_another_type_anywhere_is_bad_input_or_ignored_never_a_crash(string sample)
        => Assert.Empty(await EventVariants.ProblemsAsync(EventVariants.WrongTypes(EventVariants.Read(sample)), answerAllowed: true, Arrange));

    private static (Func<Task>, Func<int>) Arrange(byte[] payload)
    {
        var h = new Harness();
        return (async () => await (await h.HandleAsync(new MemoryStream(payload))).DisposeAsync(), () => h.Store.Count);
    }
}
