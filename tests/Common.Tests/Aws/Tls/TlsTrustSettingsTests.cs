using System.Security.Cryptography;
using LambdaSuite.Common.Aws.Tls;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Tests.Fixtures;
using Xunit;

namespace LambdaSuite.Common.Tests.Aws.Tls;

public sealed class TlsTrustSettingsTests
{
    private static EnvironmentReader Env(params (string Key, string Value)[] values) => new(values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void The_default_is_the_five_Amazon_Trust_Services_roots()
    {
        var trust = TlsTrust.FromEnvironment(Env());

        Assert.Equal(TrustStore.Amazon, trust.Store);
        Assert.Null(trust.File);
        Assert.Equal(AmazonTrustServices.Published.Select(p => p.Subject), trust.Roots.Select(c => c.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false)));
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

        Assert.Equal(6, trust.Roots.Count);
        Assert.Contains(trust.Roots, c => c.Thumbprint == pki.Root.Thumbprint);
        Assert.Same(trust, TlsTrust.FromEnvironment(Env(("TLS_TRUST_STORE", "amazon"), ("TLS_TRUST_FILE", path))));
        Assert.Equal($"TLS_TRUST_STORE=amazon: the Amazon Trust Services roots and TLS_TRUST_FILE={path}, then the OS store", trust.Describe());
    }

    [Fact]
    public void With_the_system_store_the_trust_file_holds_the_roots_of_the_second_check()
    {
        using var pki = new TestPki();

        var trust = TlsTrust.FromEnvironment(Env(("TLS_TRUST_STORE", "system"), ("TLS_TRUST_FILE", pki.WriteRootFile())));

        Assert.Equal(pki.Root.Thumbprint, Assert.Single(trust.Roots).Thumbprint);
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

        foreach (var (root, published) in trust.Roots.Zip(AmazonTrustServices.Published))
        {
            Assert.Equal(published.SpkiSha256, Convert.ToHexStringLower(SHA256.HashData(root.PublicKey.ExportSubjectPublicKeyInfo())));
            Assert.Equal(root.Subject, root.Issuer); // self-signed roots
            Assert.True(root.NotAfter > new DateTime(2037, 1, 1), $"{root.Subject} expires {root.NotAfter:O}");
        }
    }
}
