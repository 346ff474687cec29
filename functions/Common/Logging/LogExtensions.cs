namespace LambdaSuite.Common.Logging;

/// <summary>One call per level, with properties as (name, value) pairs; nothing is built for a disabled level.</summary>
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
