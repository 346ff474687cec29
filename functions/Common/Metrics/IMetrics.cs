namespace LambdaSuite.Common.Metrics;

/// <summary>
/// The metrics seam. <see cref="EmfMetrics"/> writes CloudWatch Embedded Metric Format lines; a
/// served package can replace it here in one place.
/// </summary>
public interface IMetrics
{
    /// <summary>Records one value; repeated names within an invocation keep every value.</summary>
    void Add(string name, double value, MetricUnit unit);

    /// <summary>Emits what was recorded since the last flush (nothing when nothing was recorded).</summary>
    void Flush();
}

/// <summary>CloudWatch metric units we use (names as CloudWatch spells them).</summary>
public enum MetricUnit
{
    Count,
    Bytes,
    Milliseconds,
    Seconds,
    None,
}
