namespace LambdaSuite.Remediator.Alarms;

/// <summary>How the alarm reached us; the three shapes carry the same facts under different names.</summary>
internal enum AlarmSource
{
    EventBridge,
    AlarmAction,
    Sns,
}
