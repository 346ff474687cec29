using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LambdaSuite.Common.Aws.Tls;

/// <summary>
/// The OS trust store as .NET reads it on Linux: the file SSL_CERT_FILE names (else OpenSSL's
/// default, /etc/pki/tls/cert.pem on Amazon Linux) and every file in the directories SSL_CERT_DIR
/// names (else OpenSSL's default, then /etc/ssl/certs). Read here, not through .NET, because a
/// bootstrap points .NET's view elsewhere (<see cref="ProcessTrust"/>); read only when a chain the
/// Amazon roots cannot anchor needs the second check, then kept.
/// </summary>
internal static class OsTrustStore
{
    private static readonly Lazy<X509Certificate2Collection> Loaded = new(() => Load(Locations()));

    /// <summary>The locations as they were before <see cref="ProcessTrust"/> changed them; null while it has not.</summary>
    internal static (string? File, string? Directories)? Original { get; set; }

    public static X509Certificate2Collection Roots() => Loaded.Value;

    /// <summary>SSL_CERT_FILE and SSL_CERT_DIR (as the process started), else OpenSSL's compiled-in defaults.</summary>
    internal static (string? File, string[] Directories, bool DefaultDirectories) Locations()
        => Locations(Original, Environment.GetEnvironmentVariable);

    /// <summary>The locations <paramref name="original"/> names once a bootstrap changed the variables, else those <paramref name="variable"/> reads.</summary>
    internal static (string? File, string[] Directories, bool DefaultDirectories) Locations((string? File, string? Directories)? original, Func<string, string?> variable)
    {
        var (file, directories) = original ?? (variable("SSL_CERT_FILE"), variable("SSL_CERT_DIR"));
        var isDefault = string.IsNullOrEmpty(directories);
        file = string.IsNullOrEmpty(file) ? OpenSslDefault("X509_get_default_cert_file") : file;
        directories = isDefault ? OpenSslDefault("X509_get_default_cert_dir") : directories;
        return (file, directories?.Split(':', StringSplitOptions.RemoveEmptyEntries) ?? [], isDefault);
    }

    /// <summary>Every certificate of the file and the directories, each once; /etc/ssl/certs when the default directories hold none (as .NET does).</summary>
    internal static X509Certificate2Collection Load((string? File, string[] Directories, bool DefaultDirectories) at)
    {
        var roots = new X509Certificate2Collection();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (at.File is not null)
        {
            Add(at.File);
        }

        var fromDirectories = at.Directories.Sum(AddDirectory);
        if (fromDirectories == 0 && at.DefaultDirectories)
        {
            AddDirectory("/etc/ssl/certs");
        }

        return roots;

        int AddDirectory(string directory) => Directory.Exists(directory) ? Directory.EnumerateFiles(directory).Sum(Add) : 0;

        int Add(string path)
        {
            var found = new X509Certificate2Collection();
            try
            {
                found.ImportFromPemFile(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                return 0; // unreadable or not PEM, as .NET skips it
            }

            foreach (var certificate in found)
            {
                if (seen.Add(certificate.Thumbprint))
                {
                    roots.Add(certificate);
                }
            }

            return found.Count;
        }
    }

    /// <summary>A path compiled into the process's libcrypto (the library .NET itself uses), or null.</summary>
    private static unsafe string? OpenSslDefault(string function)
    {
        foreach (var name in (ReadOnlySpan<string>)["libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so"])
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, function, out var export))
            {
                return Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)export)());
            }
        }

        return null;
    }
}
