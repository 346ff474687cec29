namespace LambdaSuite.Common.Logging;

/// <summary>Destination of finished UTF-8 lines (stdout in Lambda, a buffer in tests).</summary>
public interface ILineSink
{
    void WriteLine(ReadOnlySpan<byte> utf8Line);
}
