using LambdaSuite.Common;
using LambdaSuite.Remediator.Model;

namespace LambdaSuite.Remediator.Decision;

/// <summary>The properties every decision log line carries, so one alarm's lines can be found together.</summary>
internal static class AlarmLog
{
    public static (string Key, object? Value)[] Props(AlarmEvent alarm, string action, ServiceTarget? target = null) =>
    [
        ("action", action),
        ("alarmName", alarm.AlarmName),
        ("alarmState", alarm.State),
        ("eventId", alarm.EventId),
        ("trigger", alarm.Source.ToString()),
        ("cluster", target?.Cluster),
        ("service", target?.Service),
    ];

    public static string? Iso(DateTimeOffset? value) => value is { } v ? IsoTime.Format(v) : null;

    /// <summary>The moment work stops, as error messages name it.</summary>
    public static string DeadlineText(DateTimeOffset invocationDeadline, TimeSpan margin)
        => $"Lambda's deadline minus {margin.TotalSeconds:0} s, {IsoTime.Format(invocationDeadline - margin)}";
}
