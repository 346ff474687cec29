namespace LambdaSuite.Common.Logging;

/// <summary>Severity of a log line; lines below the configured minimum (LOG_LEVEL) are not written.</summary>
public enum LogLevel
{
    Debug = 0,
    Info = 1,
    Warn = 2,
    Error = 3,
}
