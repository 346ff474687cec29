namespace LambdaSuite.Common.Metrics;

/// <summary>CloudWatch metric units we use (names as CloudWatch spells them).</summary>
public enum MetricUnit
{
    Count,
    Bytes,
    Milliseconds,
    Seconds,
    None,
}
