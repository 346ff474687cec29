namespace LambdaSuite.Remediator.Model;

/// <summary>
/// One alarm state change, normalised from any of the three payload shapes. <see cref="Time"/> is
/// when it happened (the event's time, else the state change's), used to refuse stale deliveries.
/// <see cref="Dimensions"/> holds every metric dimension seen; a name bound to two different values
/// (metric-math alarms) is kept once per value so target resolution can notice the ambiguity.
/// </summary>
internal sealed record AlarmEvent(
    AlarmSource Source,
    string AlarmName,
    string State,
    string EventId,
    DateTimeOffset Time,
    IReadOnlyList<KeyValuePair<string, string>> Dimensions,
    IReadOnlyDictionary<string, string> Tags)
{
    public const string AlarmState = "ALARM";

    public bool IsAlarm => State == AlarmState;
}

/// <summary>How the alarm reached us; the three shapes carry the same facts under different names.</summary>
internal enum AlarmSource
{
    EventBridge,
    AlarmAction,
    Sns,
}
