using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Common.Tests;

public sealed class InvalidEventsTests
{
    [Fact]
    public void A_report_counts_one_invalid_event_and_writes_one_error_line_with_the_message()
    {
        var sink = new MemorySink();
        var metrics = new EmfMetrics(sink, "ns", "fn");
        var error = InvalidInputException.Invalid("detail.state.value", "jane@example.com", "ALARM or OK");

        InvalidEvents.Report(new JsonLog(sink, "fn"), metrics, error);
        metrics.Flush();

        Assert.Equal(1, sink.MetricSum("InvalidEvents"));
        var line = Assert.Single(sink.Json(), l => !l.TryGetProperty("_aws", out _));
        Assert.Equal(("ERROR", "event invalid", "InvalidEvent"), (line.GetProperty("level").GetString(), line.GetProperty("message").GetString(), line.GetProperty("category").GetString()));
        Assert.Equal("detail.state.value=\"j***@example.com\" is invalid: expected ALARM or OK", line.GetProperty("errorMessage").GetString());
    }
}
