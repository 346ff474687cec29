using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LambdaSuite.Common.Tests.Fixtures;

/// <summary>
/// A root CA, an intermediate and a server certificate (RSA 2048), shaped like the chains AWS
/// endpoints present. The server certificate names 127.0.0.1 and localhost unless told otherwise.
/// </summary>
internal sealed class TestPki : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public TestPki(string host = "127.0.0.1", bool expired = false)
    {
        using var rootKey = RSA.Create(2048);
        Root = Authority("CN=LambdaSuite test root", rootKey, issuer: null, issuerKey: null);
        using var intermediateKey = RSA.Create(2048);
        Intermediate = Authority("CN=LambdaSuite test intermediate", intermediateKey, Root, rootKey);
        var leafKey = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(host, out var ip))
        {
            names.AddIpAddress(ip);
        }
        else
        {
            names.AddDnsName(host);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var (from, to) = expired ? (Now.AddDays(-30), Now.AddDays(-1)) : (Now.AddDays(-1), Now.AddDays(30));
        using var leaf = request.Create(Intermediate.SubjectName, X509SignatureGenerator.CreateForRSA(intermediateKey, RSASignaturePadding.Pkcs1), from, to, Serial());
        Server = leaf.CopyWithPrivateKey(leafKey);
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    /// <summary>The server certificate, with its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The root as a PEM file in a temporary directory (deleted on dispose).</summary>
    public string WriteRootFile()
    {
        var directory = Directory.CreateTempSubdirectory("lambdasuite-pki-").FullName;
        _directories.Add(directory);
        var path = Path.Combine(directory, "root.pem");
        File.WriteAllText(path, Root.ExportCertificatePem());
        return path;
    }

    private readonly List<string> _directories = [];

    public void Dispose()
    {
        Server.Dispose();
        Intermediate.Dispose();
        Root.Dispose();
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static X509Certificate2 Authority(string subject, RSA key, X509Certificate2? issuer, RSA? issuerKey)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, issuer is not null, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return issuer is null
            ? request.CreateSelfSigned(Now.AddDays(-2), Now.AddDays(365))
            : request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey!, RSASignaturePadding.Pkcs1), Now.AddDays(-2), Now.AddDays(365), Serial());
    }

    private static byte[] Serial() => RandomNumberGenerator.GetBytes(12);
}
