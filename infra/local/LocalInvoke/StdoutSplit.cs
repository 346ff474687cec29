using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

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

        return new FileStream(new SafeFileHandle(saved, ownsHandle: true), FileAccess.Write, bufferSize: 0);
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int oldFd, int newFd);
}
