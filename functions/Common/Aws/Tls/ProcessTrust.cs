using System.Runtime.InteropServices;
using System.Text;
using LambdaSuite.Common.Configuration;
using Microsoft.Win32.SafeHandles;

namespace LambdaSuite.Common.Aws.Tls;

/// <summary>
/// What a bootstrap does before anything opens a TLS connection, with TLS_TRUST_STORE=amazon: it
/// points SSL_CERT_FILE of its own process at a file of the roots it trusts first, and SSL_CERT_DIR
/// at no directory.
/// </summary>
/// <remarks>
/// <para>
/// .NET on Linux reads the whole OS store on the first certificate check of a process even when
/// the check names its own roots (it takes intermediates from it: dotnet/runtime,
/// OpenSslX509ChainProcessor.InitiateChain): most of the cost of TLS in a cold start. Those two
/// variables are where .NET looks, read natively (getenv) on that first check and again when it
/// reloads the store (every 5 minutes, or when the file changes), so they are set natively here and
/// the file must live as long as the process. The OS store stays reachable for the second check of
/// <see cref="TlsTrust"/>: its original locations are kept in <see cref="OsTrustStore.Original"/>.
/// </para>
/// <para>
/// Process-wide: every HTTPS client of the process that does not go through <see cref="AwsHttp"/>
/// (the SDK's own credential providers calling STS or SSO, any future HttpClient) and any child
/// process trusts only these roots, with no second check against the OS store. AWS endpoints chain
/// to them; anything else needs its root in TLS_TRUST_FILE, or TLS_TRUST_STORE=system.
/// </para>
/// <para>
/// setenv is safe only while no other thread may call getenv: <see cref="Apply"/> must stay the first
/// statement of a bootstrap's Main (LambdaRuntime.RunAsync), before any thread is started. Only
/// bootstraps call it; a test process keeps its environment.
/// </para>
/// <para>
/// The file is an anonymous in-memory file (memfd_create), named by its /proc/self/fd path: nothing
/// is left on disk, whether the process ends or is killed. Where that is not available, a file in
/// a private temporary directory, left behind when the process ends (about 10 KB per process start:
/// in Lambda /tmp belongs to one execution environment, so once per cold start).
/// </para>
/// </remarks>
public static partial class ProcessTrust
{
    /// <summary>Done when true; false leaves the process as it was (an invalid setting is reported by the handler's init).</summary>
    public static bool Apply(EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(env);
        TrustStore store;
        string? extra;
        try
        {
            (store, extra) = TlsTrust.Settings(env);
        }
        catch (ConfigurationException)
        {
            return false;
        }

        if (store != TrustStore.Amazon || !OperatingSystem.IsLinux() || OsTrustStore.Original is not null)
        {
            return false;
        }

        try
        {
            // The PEM text as it is: no certificate is parsed here, so a bootstrap that makes no AWS call
            // never loads OpenSSL. .NET reads only the CERTIFICATE blocks of the file, as of any bundle.
            var pem = AmazonTrustServices.Pem + "\n" + (extra is not null && File.Exists(extra) ? File.ReadAllText(extra) : string.Empty);
            var file = InMemoryFile(Encoding.UTF8.GetBytes(pem)) ?? TemporaryFile(pem);
            // Kept first: whatever happens below, the second check reads the OS store where it was.
            OsTrustStore.Original = (Environment.GetEnvironmentVariable("SSL_CERT_FILE"), Environment.GetEnvironmentVariable("SSL_CERT_DIR"));
            // Set but empty: .NET reads no directory, and does not fall back to /etc/ssl/certs as it does when unset.
            return SetEnv("SSL_CERT_FILE", file, 1) == 0 && SetEnv("SSL_CERT_DIR", string.Empty, 1) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // correct without it, only slower
        }
    }

    /// <summary>The roots in an anonymous memory file, by its /proc/self/fd path; null where the kernel or /proc does not allow it.</summary>
    internal static string? InMemoryFile(byte[] content)
    {
        int fd;
        try
        {
            // Not close-on-exec: a child process finds the same file under the same path.
            fd = MemfdCreate("lambdasuite-tls-roots", 0);
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library before glibc 2.27: the temporary file then
        }

        if (fd < 0)
        {
            return null;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        RandomAccess.Write(handle, content, 0);
        var path = $"/proc/self/fd/{fd}";
        if (!File.Exists(path))
        {
            return null; // no /proc: the handle closes the file
        }

        handle.SetHandleAsInvalid(); // open for the process's life: .NET reopens the path when it reloads the store
        return path;
    }

    private static string TemporaryFile(string pem)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("lambdasuite-tls-").FullName, "roots.pem");
        File.WriteAllText(file, pem);
        return file;
    }

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc.so.6", EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MemfdCreate(string name, uint flags);
}
