using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LambdaSuite.Common.Aws.Tls;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Tests.Fakes;
using LambdaSuite.Common.Tests.Fixtures;
using Xunit;

namespace LambdaSuite.Common.Tests.Aws.Tls;

public sealed class TlsTrustSettingsTests
{
    private static EnvironmentReader Env(params (string Key, string Value)[] values) => new(values.ToDictionary(v => v.Key, v => v.Value));

    /// <summary>The roots of the Amazon store's first check, as a connection of the transport gets them.</summary>
    private static X509Certificate2Collection FirstRoots(TlsTrust trust)
    {
        using var handler = new SocketsHttpHandler();
        trust.Configure(handler);
        return handler.SslOptions.CertificateChainPolicy!.CustomTrustStore;
    }

    [Fact]
    public void The_default_is_the_five_Amazon_Trust_Services_roots()
    {
        var trust = TlsTrust.FromEnvironment(Env());

        Assert.Equal(TrustStore.Amazon, trust.Store);
        Assert.Null(trust.File);
        Assert.Equal(AmazonTrustServices.Published.Select(p => p.Subject), FirstRoots(trust).Select(c => c.GetNameInfo(X509NameType.SimpleName, false)));
    }

    [Theory]
    [InlineData("amazon", TrustStore.Amazon)]
    [InlineData(" System ", TrustStore.System)]
    [InlineData("", TrustStore.Amazon)]
    public void The_store_is_amazon_or_system(string value, TrustStore expected)
        => Assert.Equal(expected, TlsTrust.FromEnvironment(Env(("TLS_TRUST_STORE", value))).Store);

    [Fact]
    public void Another_store_fails_init_naming_the_variable_and_the_value()
    {
        var e = Assert.Throws<ConfigurationException>(() => TlsTrust.FromEnvironment(Env(("TLS_TRUST_STORE", "none"))));

        Assert.Equal("TLS_TRUST_STORE=\"none\" is invalid: expected amazon or system", e.Message);
    }

    [Fact]
    public void The_trust_file_adds_its_roots_to_the_first_check_and_is_read_once()
    {
        using var pki = new TestPki();
        var path = pki.WriteRootFile();

        var trust = TlsTrust.FromEnvironment(Env(("TLS_TRUST_FILE", path)));

        Assert.Equal(6, FirstRoots(trust).Count);
        Assert.Contains(FirstRoots(trust), c => c.Thumbprint == pki.Root.Thumbprint);
        Assert.Same(trust, TlsTrust.FromEnvironment(Env(("TLS_TRUST_STORE", "amazon"), ("TLS_TRUST_FILE", path))));
        Assert.Equal($"TLS_TRUST_STORE=amazon: the Amazon Trust Services roots and TLS_TRUST_FILE={path}, then the OS store", trust.Describe());
    }

    [Fact]
    public async Task With_the_system_store_the_trust_file_holds_the_roots_of_the_second_check()
    {
        using var pki = new TestPki();
        using var server = new TlsServer(pki.Server, pki.Intermediate);

        var trust = TlsTrust.FromEnvironment(Env(("TLS_TRUST_STORE", "system"), ("TLS_TRUST_FILE", pki.WriteRootFile())));

        // The OS store (the first check) does not hold the test root; the file does.
        using var client = new HttpClient(AwsHttp.Transport(trust, configure: null));
        Assert.Equal("ok", await client.GetStringAsync(server.Url));
        using var handler = new SocketsHttpHandler();
        trust.Configure(handler);
        Assert.Null(handler.SslOptions.CertificateChainPolicy);
    }

    [Theory]
    [InlineData("roots.pem", "TLS_TRUST_FILE=\"roots.pem\" is invalid: expected an absolute path to a PEM file of root certificates")]
    [InlineData("/nonexistent/roots.pem", "TLS_TRUST_FILE=\"/nonexistent/roots.pem\" is invalid: expected an absolute path to a PEM file of root certificates (")]
    public void A_trust_file_that_cannot_be_read_fails_init_naming_the_variable(string path, string message)
    {
        var e = Assert.Throws<ConfigurationException>(() => TlsTrust.FromEnvironment(Env(("TLS_TRUST_FILE", path))));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_trust_file_without_a_certificate_fails_init()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("lambdasuite-pki-").FullName, "empty.pem");
        File.WriteAllText(path, "not a certificate\n");
        try
        {
            var e = Assert.Throws<ConfigurationException>(() => TlsTrust.FromEnvironment(Env(("TLS_TRUST_FILE", path))));

            Assert.Equal($"TLS_TRUST_FILE=\"{path}\" is invalid: expected an absolute path to a PEM file of root certificates (it holds none)", e.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void The_embedded_roots_are_the_ones_amazontrust_com_publishes()
    {
        var trust = TlsTrust.FromEnvironment(Env());

        foreach (var (root, published) in FirstRoots(trust).Zip(AmazonTrustServices.Published))
        {
            Assert.Equal(published.SpkiSha256, Convert.ToHexStringLower(SHA256.HashData(root.PublicKey.ExportSubjectPublicKeyInfo())));
            Assert.Equal(root.Subject, root.Issuer); // self-signed roots
            Assert.True(root.NotAfter > new DateTime(2037, 1, 1), $"{root.Subject} expires {root.NotAfter:O}");
        }
    }
}
