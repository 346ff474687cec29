namespace LambdaSuite.Common.Logging;

public enum LogLevel
{
    Debug = 0,
    Info = 1,
    Warn = 2,
    Error = 3,
}

/// <summary>
/// The logging seam. <see cref="JsonLog"/> is our implementation; a served logging package
/// (e.g. Powertools) can replace it behind this interface in one place.
/// </summary>
public interface ILog
{
    bool IsEnabled(LogLevel level);

    void Write(LogLevel level, string message, IReadOnlyList<KeyValuePair<string, object?>>? properties = null, Exception? exception = null);
}

public static class LogExtensions
{
    public static void Debug(this ILog log, string message, params ReadOnlySpan<(string Key, object? Value)> properties)
        => Emit(log, LogLevel.Debug, message, null, properties);

    public static void Info(this ILog log, string message, params ReadOnlySpan<(string Key, object? Value)> properties)
        => Emit(log, LogLevel.Info, message, null, properties);

    public static void Warn(this ILog log, string message, params ReadOnlySpan<(string Key, object? Value)> properties)
        => Emit(log, LogLevel.Warn, message, null, properties);

    public static void Error(this ILog log, string message, Exception? exception, params ReadOnlySpan<(string Key, object? Value)> properties)
        => Emit(log, LogLevel.Error, message, exception, properties);

    private static void Emit(ILog log, LogLevel level, string message, Exception? exception, ReadOnlySpan<(string Key, object? Value)> properties)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!log.IsEnabled(level))
        {
            return;
        }

        var list = new List<KeyValuePair<string, object?>>(properties.Length);
        foreach (var (key, value) in properties)
        {
            list.Add(new KeyValuePair<string, object?>(key, value));
        }

        log.Write(level, message, list, exception);
    }
}
