using System.Text.Json;
using LambdaSuite.Common.Invocation;

namespace LambdaSuite.Common.Logging;

/// <summary>
/// One JSON object per line: <c>timestamp</c>, <c>level</c>, <c>message</c>, <c>function</c>,
/// <c>environment</c> (when configured); while an invocation runs (<see cref="InvocationScope"/>)
/// its <c>requestId</c>, <c>coldStart</c> and, when Lambda sent one, <c>xray_trace_id</c> (the
/// trace id itself, the Root of the tracing header, so Logs Insights can match it exactly); then
/// the caller's properties. E-mail addresses in the message and in string properties are masked.
/// </summary>
public sealed class JsonLog : ILog
{
    private readonly ILineSink _sink;
    private readonly string _function;
    private readonly LogLevel _minimum;
    private readonly TimeProvider _time;
    private readonly string? _environment;

    public JsonLog(ILineSink sink, string function, LogLevel minimum = LogLevel.Info, TimeProvider? time = null, string? environment = null)
    {
        _sink = sink;
        _function = function;
        _minimum = minimum;
        _time = time ?? TimeProvider.System;
        _environment = environment;
    }

    public bool IsEnabled(LogLevel level) => level >= _minimum;

    public void Write(LogLevel level, string message, IReadOnlyList<KeyValuePair<string, object?>>? properties = null, Exception? exception = null)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", IsoTime.Format(_time.GetUtcNow()));
            json.WriteString("level", LevelName(level));
            json.WriteString("message", EmailMask.Mask(message));
            json.WriteString("function", _function);
            // One team runs many customer environments: every line says which one it is from.
            if (_environment is not null)
            {
                json.WriteString("environment", _environment);
            }

            // The invocation's own headers, not process state: a line is tied to the invocation it was written for.
            if (InvocationScope.Current is { } invocation)
            {
                json.WriteString("requestId", invocation.RequestId);
                json.WriteBoolean("coldStart", invocation.ColdStart);
                if (invocation.Trace.Root is { } traceId)
                {
                    json.WriteString("xray_trace_id", traceId);
                }
            }

            if (properties is not null)
            {
                foreach (var (key, value) in properties)
                {
                    json.WritePropertyName(key);
                    JsonValueWriter.Write(json, value);
                }
            }

            if (exception is not null)
            {
                json.WriteString("errorType", exception.GetType().Name);
                json.WriteString("errorMessage", EmailMask.Mask(exception.Message));
                if (level == LogLevel.Error && exception.StackTrace is { } stack)
                {
                    json.WriteString("stackTrace", stack);
                }
            }

            json.WriteEndObject();
        }

        _sink.WriteLine(buffer.WrittenSpan);
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Warn => "WARN",
        _ => "ERROR",
    };
}
