using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;

namespace LambdaSuite.Common;

/// <summary>
/// How every function reports input it cannot act on: the metric <c>InvalidEvents</c> (Count),
/// apart from the metrics of failed work (bad input is the caller's bug, not a failed copy, stop
/// or write), and one ERROR line carrying the one-line message.
/// </summary>
public static class InvalidEvents
{
    public const string Metric = "InvalidEvents";

    /// <summary>The <c>category</c> of the log line, as in the lines of failed work.</summary>
    public const string Category = "InvalidEvent";

    public static void Report(ILog log, IMetrics metrics, InvalidInputException error)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(metrics);
        metrics.Add(Metric, 1, MetricUnit.Count);
        log.Error("event invalid", error, ("category", Category));
    }
}
