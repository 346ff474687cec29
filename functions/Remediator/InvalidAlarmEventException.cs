namespace LambdaSuite.Remediator;

/// <summary>The payload is not an alarm notification we understand; the message names the field and value.</summary>
public sealed class InvalidAlarmEventException : Exception
{
    public InvalidAlarmEventException() { }

    public InvalidAlarmEventException(string message) : base(message) { }

    public InvalidAlarmEventException(string message, Exception innerException) : base(message, innerException) { }
}
