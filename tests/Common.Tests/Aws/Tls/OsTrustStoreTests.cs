using LambdaSuite.Common.Aws.Tls;
using LambdaSuite.Common.Tests.Fixtures;
using Xunit;

namespace LambdaSuite.Common.Tests.Aws.Tls;

/// <summary>The OS store of the second check, read as .NET reads it: the bundle file and every file of the directories.</summary>
public sealed class OsTrustStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lambdasuite-os-store-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_bundle_and_the_directory_are_read_each_certificate_once()
    {
        using var a = new TestPki();
        using var b = new TestPki();
        var bundle = Write("bundle.pem", a.Root.ExportCertificatePem());
        var certs = Directory.CreateDirectory(Path.Combine(_directory, "certs")).FullName;
        Write("certs/a.pem", a.Root.ExportCertificatePem());
        Write("certs/b.pem", b.Root.ExportCertificatePem() + "\n" + b.Intermediate.ExportCertificatePem());
        Write("certs/README", "not a certificate");

        var roots = OsTrustStore.Load((bundle, [certs], false));

        Assert.Equal(new[] { a.Root.Thumbprint, b.Root.Thumbprint, b.Intermediate.Thumbprint }.Order(), roots.Select(c => c.Thumbprint).Order());
    }

    [Fact]
    public void Once_a_bootstrap_changed_the_variables_the_original_locations_are_read()
    {
        // What ProcessTrust leaves in the process: its own roots file, and no directory.
        var changed = new Dictionary<string, string> { ["SSL_CERT_FILE"] = "/proc/self/fd/9", ["SSL_CERT_DIR"] = string.Empty };

        var original = OsTrustStore.Locations(("/home/me/bundle.pem", "/home/me/certs:/opt/certs"), changed.GetValueOrDefault);
        var unchanged = OsTrustStore.Locations(null, new Dictionary<string, string> { ["SSL_CERT_FILE"] = "/home/me/bundle.pem" }.GetValueOrDefault);

        Assert.Equal("/home/me/bundle.pem", original.File);
        Assert.Equal(["/home/me/certs", "/opt/certs"], original.Directories);
        Assert.False(original.DefaultDirectories);
        Assert.Equal(("/home/me/bundle.pem", true), (unchanged.File, unchanged.DefaultDirectories));
    }

    [Fact]
    public void Missing_locations_give_an_empty_store_not_an_error()
        => Assert.Empty(OsTrustStore.Load((Path.Combine(_directory, "none.pem"), [Path.Combine(_directory, "none")], false)));

    [Fact]
    public void The_default_locations_are_OpenSsls_and_hold_the_Amazon_roots()
    {
        var (file, directories, isDefault) = OsTrustStore.Locations();

        // This machine, like Amazon Linux 2023, ships the Mozilla roots, which include the five Amazon roots.
        Assert.True(file is not null || directories.Length > 0);
        Assert.Equal(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SSL_CERT_DIR")), isDefault);
        var roots = OsTrustStore.Load((file, directories, isDefault)).Select(c => c.Thumbprint).ToHashSet();
        var amazon = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        amazon.ImportFromPem(AmazonTrustServices.Pem);
        Assert.All(amazon, c => Assert.Contains(c.Thumbprint, roots));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
