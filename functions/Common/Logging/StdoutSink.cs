namespace LambdaSuite.Common.Logging;

/// <summary>
/// Writes whole lines to the process's raw standard output.
/// </summary>
/// <remarks>
/// The managed .NET runtime replaces <see cref="Console.Out"/> with a writer that prefixes every
/// line with a timestamp, request id and level. A prefixed line is no longer JSON, so CloudWatch
/// Logs Insights cannot parse it and CloudWatch does not extract EMF metrics from it. Writing to
/// the underlying stdout stream keeps each line exactly as we produced it.
/// </remarks>
public sealed class StdoutSink : ILineSink
{
    private readonly Stream _stdout;
    private readonly Lock _gate = new();

    public StdoutSink() : this(Console.OpenStandardOutput()) { }

    public StdoutSink(Stream stdout) => _stdout = stdout;

    public void WriteLine(ReadOnlySpan<byte> utf8Line)
    {
        // The line and its newline in one write, under a lock: nothing (our other writers or the
        // runtime's own output) can land between them.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(utf8Line.Length + 1);
        try
        {
            utf8Line.CopyTo(buffer);
            buffer[utf8Line.Length] = (byte)'\n';
            lock (_gate)
            {
                _stdout.Write(buffer, 0, utf8Line.Length + 1);
                _stdout.Flush();
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>Destination of finished UTF-8 lines (stdout in Lambda, a buffer in tests).</summary>
public interface ILineSink
{
    void WriteLine(ReadOnlySpan<byte> utf8Line);
}
