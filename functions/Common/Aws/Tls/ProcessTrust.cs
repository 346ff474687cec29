using System.Runtime.InteropServices;
using LambdaSuite.Common.Configuration;

namespace LambdaSuite.Common.Aws.Tls;

/// <summary>
/// What a bootstrap does before anything opens a TLS connection, with TLS_TRUST_STORE=amazon: it
/// points SSL_CERT_FILE and SSL_CERT_DIR of its own process at a file of the roots it trusts first.
/// </summary>
/// <remarks>
/// .NET on Linux reads the whole OS store on the first certificate check of a process even when
/// the check names its own roots (it takes intermediates from it: dotnet/runtime,
/// OpenSslX509ChainProcessor.InitiateChain): most of the cost of TLS in a cold start. Those two
/// variables are where .NET looks, read natively (getenv) on that first check, so they are set
/// natively here, at the start of the process, before its first check. The
/// OS store stays reachable for the second check of <see cref="TlsTrust"/>: its original locations
/// are kept in <see cref="OsTrustStore.Original"/>. Only bootstraps call this (LambdaRuntime's
/// Main); a test process keeps its environment.
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
            var directory = Directory.CreateTempSubdirectory("lambdasuite-tls-").FullName;
            var file = Path.Combine(directory, "roots.pem");
            File.WriteAllText(file, AmazonTrustServices.Pem + "\n" + (extra is not null && File.Exists(extra) ? File.ReadAllText(extra) : string.Empty));
            // Kept first: whatever happens below, the second check reads the OS store where it was.
            OsTrustStore.Original = (Environment.GetEnvironmentVariable("SSL_CERT_FILE"), Environment.GetEnvironmentVariable("SSL_CERT_DIR"));
            return SetEnv("SSL_CERT_FILE", file, 1) == 0 && SetEnv("SSL_CERT_DIR", directory, 1) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // correct without it, only slower
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
