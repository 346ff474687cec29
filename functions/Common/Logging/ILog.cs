namespace LambdaSuite.Common.Logging;

/// <summary>
/// The logging seam. <see cref="JsonLog"/> is our implementation; a served logging package
/// (e.g. Powertools) can replace it behind this interface in one place.
/// </summary>
public interface ILog
{
    bool IsEnabled(LogLevel level);

    void Write(LogLevel level, string message, IReadOnlyList<KeyValuePair<string, object?>>? properties = null, Exception? exception = null);
}

/// <summary>Destination of finished UTF-8 lines (stdout in Lambda, a buffer in tests).</summary>
public interface ILineSink
{
    void WriteLine(ReadOnlySpan<byte> utf8Line);
}
