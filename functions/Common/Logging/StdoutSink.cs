namespace LambdaSuite.Common.Logging;

/// <summary>
/// Writes whole lines to the process's raw standard output.
/// </summary>
/// <remarks>
/// Each line is one JSON document, written to the stdout stream unbuffered and unchanged, so Lambda
/// forwards it to CloudWatch Logs as it is: Logs Insights parses it and CloudWatch extracts EMF
/// metrics from it. (Console.Out would add its own buffering and encoder on top.)
/// </remarks>
public sealed class StdoutSink : ILineSink
{
    private readonly Stream _stdout;
    private readonly Lock _gate = new();

    public StdoutSink() : this(Console.OpenStandardOutput()) { }

    /// <summary>The process's one stdout sink: the runtime's and the function's lines share its lock, so they never interleave.</summary>
    public static StdoutSink Shared { get; } = new();

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
