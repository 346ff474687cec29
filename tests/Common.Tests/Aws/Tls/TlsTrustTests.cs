using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using LambdaSuite.Common.Aws.Tls;
using LambdaSuite.Common.Tests.Fakes;
using LambdaSuite.Common.Tests.Fixtures;
using Xunit;

namespace LambdaSuite.Common.Tests.Aws.Tls;

/// <summary>
/// Real TLS handshakes on loopback through the functions' transport: what each store accepts, and
/// that a wrong, untrusted or expired certificate still fails the call with one line saying why.
/// </summary>
public sealed class TlsTrustTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly List<string> _secondChecks = [];

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task A_chain_to_a_root_of_the_first_check_is_accepted_without_reading_the_OS_store()
    {
        using var server = new TlsServer(_pki.Server, _pki.Intermediate);
        var trust = Amazon(extraRoots: [_pki.Root], osRoots: []);

        Assert.Equal("ok", await GetAsync(trust, server.Url));
        Assert.Empty(_secondChecks);
    }

    [Fact]
    public async Task A_chain_the_Amazon_roots_cannot_anchor_is_accepted_when_the_OS_store_holds_its_root()
    {
        using var server = new TlsServer(_pki.Server, _pki.Intermediate);
        var trust = Amazon(extraRoots: [], osRoots: [_pki.Root]);

        Assert.Equal("ok", await GetAsync(trust, server.Url));
        Assert.Single(_secondChecks);
    }

    [Fact]
    public async Task A_root_no_store_holds_fails_the_call_with_one_line_naming_the_certificate_and_the_stores()
    {
        using var server = new TlsServer(_pki.Server, _pki.Intermediate);
        var trust = Amazon(extraRoots: [], osRoots: []);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(trust, server.Url));

        Assert.Equal(HttpRequestError.SecureConnectionError, e.HttpRequestError);
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith("TLS: the certificate (CN=127.0.0.1, issued by CN=LambdaSuite test intermediate) is not trusted: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("checked against TLS_TRUST_STORE=amazon: the Amazon Trust Services roots, then the OS store", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"({server.Url})", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_for_another_host_fails_even_when_every_store_trusts_its_root()
    {
        using var other = new TestPki(host: "s3.eu-west-1.amazonaws.com");
        using var server = new TlsServer(other.Server, other.Intermediate);
        var trust = Amazon(extraRoots: [other.Root], osRoots: [other.Root]);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(trust, server.Url));

        Assert.StartsWith("TLS: the certificate (CN=s3.eu-west-1.amazonaws.com, issued by CN=LambdaSuite test intermediate) is not for the host 127.0.0.1", e.Message, StringComparison.Ordinal);
        Assert.Empty(_secondChecks); // a wrong name is never checked again
    }

    [Fact]
    public async Task An_expired_certificate_fails_in_both_checks()
    {
        using var expired = new TestPki(expired: true);
        using var server = new TlsServer(expired.Server, expired.Intermediate);
        var trust = Amazon(extraRoots: [expired.Root], osRoots: [expired.Root]);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(trust, server.Url));

        Assert.Contains("is not trusted: NotTimeValid", e.Message, StringComparison.Ordinal);
        Assert.Single(_secondChecks);
    }

    [Fact]
    public async Task When_only_the_second_check_fails_its_reasons_are_reported()
    {
        // First check: the Amazon roots cannot anchor the chain; second: the OS store can, but the certificate expired.
        using var expired = new TestPki(expired: true);
        using var server = new TlsServer(expired.Server, expired.Intermediate);
        var trust = Amazon(extraRoots: [], osRoots: [expired.Root]);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(trust, server.Url));

        Assert.Contains("is not trusted: NotTimeValid; checked against", e.Message, StringComparison.Ordinal);
        Assert.Single(_secondChecks);
    }

    [Fact]
    public async Task A_server_that_does_not_send_its_intermediate_fails_the_chain()
    {
        using var server = new TlsServer(_pki.Server);
        var trust = Amazon(extraRoots: [_pki.Root], osRoots: [_pki.Root]);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(trust, server.Url));

        Assert.Contains("is not trusted: PartialChain", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_system_store_without_a_file_leaves_every_check_to_dotnet_as_before()
    {
        using var handler = new SocketsHttpHandler();

        new TlsTrust(TrustStore.System, null, [], () => []).Configure(handler);

        Assert.Null(handler.SslOptions.CertificateChainPolicy);
        Assert.Null(handler.SslOptions.RemoteCertificateValidationCallback);
    }

    [Fact]
    public async Task The_system_store_checks_TLS_TRUST_FILE_second()
    {
        using var server = new TlsServer(_pki.Server, _pki.Intermediate);
        var trust = new TlsTrust(TrustStore.System, "/test/roots.pem", [_pki.Root], () => throw new InvalidOperationException("the OS store is .NET's first check here"));

        Assert.Equal("ok", await GetAsync(trust, server.Url));
        Assert.Equal("TLS_TRUST_STORE=system: the OS store, then TLS_TRUST_FILE=/test/roots.pem", trust.Describe());
    }

    [Fact]
    public void The_Amazon_store_checks_its_roots_with_dotnets_defaults_for_a_server_certificate()
    {
        using var handler = new SocketsHttpHandler();

        Amazon(extraRoots: [], osRoots: []).Configure(handler);

        var policy = handler.SslOptions.CertificateChainPolicy!;
        Assert.Equal(X509ChainTrustMode.CustomRootTrust, policy.TrustMode);
        Assert.Equal(X509RevocationMode.NoCheck, policy.RevocationMode); // SslClientAuthenticationOptions' default
        Assert.True(policy.VerificationTimeIgnored);
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(policy.ApplicationPolicy.Cast<System.Security.Cryptography.Oid>()).Value);
        Assert.Equal(5, policy.CustomTrustStore.Count);
        Assert.NotNull(handler.SslOptions.RemoteCertificateValidationCallback);
    }

    private TlsTrust Amazon(X509Certificate2[] extraRoots, X509Certificate2[] osRoots)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(AmazonTrustServices.Pem);
        roots.AddRange(extraRoots);
        return new TlsTrust(TrustStore.Amazon, null, roots, () =>
        {
            lock (_secondChecks)
            {
                _secondChecks.Add("os");
            }

            return new X509Certificate2Collection(osRoots);
        });
    }

    private static async Task<string> GetAsync(TlsTrust trust, Uri url)
    {
        using var client = new HttpClient(AwsHttp.Transport(trust, configure: null));
        return await client.GetStringAsync(url);
    }
}
