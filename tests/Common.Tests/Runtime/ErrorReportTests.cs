using LambdaSuite.Common.Runtime;
using Xunit;

namespace LambdaSuite.Common.Tests.Runtime;

public sealed class ErrorReportTests
{
    [Fact]
    public void A_message_capped_across_an_emoji_keeps_no_half_of_it()
    {
        var report = ErrorReport.Of("X", new string('a', ErrorReport.MaxMessageLength - 2) + "\U0001F600tail");

        Assert.Equal(new string('a', ErrorReport.MaxMessageLength - 2) + "…", report.ErrorMessage);
    }

    [Fact]
    public void Error_reports_mask_email_addresses_and_cap_the_message()
    {
        var masked = ErrorReport.Of("X", "no profile for jane.doe@example.com");
        var capped = ErrorReport.Of("X", new string('a', ErrorReport.MaxMessageLength + 10));

        Assert.Equal("no profile for j***@example.com", masked.ErrorMessage);
        Assert.Equal(ErrorReport.MaxMessageLength, capped.ErrorMessage.Length);
        Assert.EndsWith("…", capped.ErrorMessage, StringComparison.Ordinal);
    }
}
