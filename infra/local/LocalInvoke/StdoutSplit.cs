using System.Runtime.InteropServices;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// Moves the process's file descriptor 1 onto stderr and keeps the original stdout private for
/// the response. Functions write logs and EMF to raw stdout (Console.OpenStandardOutput), exactly as
/// in Lambda; here those lines must not mix with the response, which `&gt; out.json` captures.
/// Doing it at the descriptor level (not by swapping Console.Out) also catches raw-stream writers,
/// native code and child processes, and works however the tool is started.
/// </summary>
internal static partial class StdoutSplit
{
    /// <summary>Must run before anything opens Console.Out (it duplicates descriptor 1 when first used).</summary>
    public static Stream Apply()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return Console.OpenStandardOutput(); // no dup2: responses and logs share stdout
        }

        var saved = Dup(1);
        if (saved < 0 || Dup2(2, 1) < 0)
        {
            throw new IOException($"could not redirect stdout to stderr (errno {Marshal.GetLastPInvokeError()})");
        }

        return new DescriptorStream(saved);
    }

    /// <summary>
    /// Writes with write(2). A FileStream over a regular file writes at its own position (pwrite)
    /// and leaves the descriptor's offset where it was, so when a calling script shares the file
    /// (`{ echo a; invoke ...; echo b; } > f`) its next write would overwrite the response.
    /// </summary>
    private sealed class DescriptorStream(int fd) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override unsafe void Write(ReadOnlySpan<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                nint written;
                fixed (byte* p = buffer)
                {
                    written = WriteFd(fd, p, buffer.Length);
                }

                if (written < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == 4)
                    {
                        continue; // EINTR
                    }

                    throw new IOException($"writing the response to stdout failed (errno {errno})");
                }

                buffer = buffer[(int)written..];
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _ = CloseFd(fd);
            }

            base.Dispose(disposing);
        }
    }

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteFd(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseFd(int fd);

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int oldFd, int newFd);
}
