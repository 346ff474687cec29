using LambdaSuite.Common.Configuration;

namespace LambdaSuite.Common.Logging;

/// <summary>Severity of a log line; lines below the configured minimum (LOG_LEVEL) are not written.</summary>
public enum LogLevel
{
    Debug = 0,
    Info = 1,
    Warn = 2,
    Error = 3,
}

/// <summary>The one reader of <c>LOG_LEVEL</c>, for the function's log and the runtime's alike.</summary>
public static class LogLevels
{
    public const string Variable = "LOG_LEVEL";

    /// <summary>
    /// DEBUG (or TRACE), INFO (or INFORMATION; the default), WARN (or WARNING), ERROR (or FATAL,
    /// CRITICAL), in any case; anything else is a <see cref="ConfigurationException"/> naming the variable.
    /// </summary>
    public static LogLevel FromEnvironment(EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var value = env.Get(Variable);
        return value?.ToUpperInvariant() switch
        {
            null => LogLevel.Info,
            "DEBUG" or "TRACE" => LogLevel.Debug,
            "INFO" or "INFORMATION" => LogLevel.Info,
            "WARN" or "WARNING" => LogLevel.Warn,
            "ERROR" or "FATAL" or "CRITICAL" => LogLevel.Error,
            _ => throw EnvironmentReader.Invalid(Variable, value, "DEBUG, INFO, WARN or ERROR"),
        };
    }
}
