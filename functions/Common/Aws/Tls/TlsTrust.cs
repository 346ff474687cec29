using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LambdaSuite.Common.Configuration;

namespace LambdaSuite.Common.Aws.Tls;

/// <summary>Which roots the certificates of AWS endpoints are checked against first.</summary>
public enum TrustStore
{
    /// <summary>The five Amazon Trust Services roots and TLS_TRUST_FILE; then the OS store.</summary>
    Amazon,

    /// <summary>The OS store, as .NET reads it (SSL_CERT_FILE, SSL_CERT_DIR); then TLS_TRUST_FILE.</summary>
    System,
}

/// <summary>
/// How the functions check the certificates of the AWS endpoints they call; one instance per
/// configuration and process, so the roots are read once. Nothing is relaxed in either store:
/// the chain, its dates and signatures, the server-authentication usage and the host name are
/// checked by .NET as before, revocation is not checked, as .NET's own default for a client.
/// </summary>
/// <remarks>
/// Why the Amazon store exists: .NET reading the OS store (a bundle of about 145 certificates,
/// read from the bundle file and again from the certificate directory) is most of what TLS adds
/// to a cold start (functions/Common/README.md, "TLS trust"; <see cref="ProcessTrust"/>). AWS endpoints present chains
/// to Amazon Trust Services: S3's default endpoints since 2022-06-02 (AWS Storage Blog, "Reminder:
/// Amazon S3 and Amazon CloudFront service certificates migrating to Amazon Trust Services", June
/// 2022 update), DynamoDB in the migration that began in December 2017 (DynamoDB Developer Guide,
/// "Programming with DynamoDB"; AWS re:Post knowledge center "s3-cloudfront-certificate-migration",
/// 2021: "EC2 and DynamoDB already migrated"), ECS and the other services in the move announced in
/// 2018 (AWS Security Blog, "How to prepare for AWS's move to its own certificate authority",
/// updated 2024-11-18). No AWS page we found states that every endpoint of every partition (China,
/// GovCloud, the European Sovereign Cloud, FIPS and dual-stack names) has finished, so a chain the
/// Amazon roots cannot anchor is not rejected on that ground: it is checked again, in full, against
/// the OS store, and accepted only if that check passes. What is accepted is therefore, in both
/// stores, the OS store (which holds the five Amazon roots) plus TLS_TRUST_FILE; only the time to
/// reach the answer changes.
/// </remarks>
public sealed class TlsTrust
{
    public const string StoreVariable = "TLS_TRUST_STORE";
    public const string FileVariable = "TLS_TRUST_FILE";

    private static readonly ConcurrentDictionary<(TrustStore Store, string? File), TlsTrust> Loaded = new();

    private readonly X509Certificate2Collection _roots;
    private readonly Func<X509Certificate2Collection> _secondRoots;

    /// <param name="roots">Amazon: the roots of the first check; System: those of the second (TLS_TRUST_FILE's).</param>
    /// <param name="osRoots">The OS store, for the second check of <see cref="TrustStore.Amazon"/>.</param>
    internal TlsTrust(TrustStore store, string? file, X509Certificate2Collection roots, Func<X509Certificate2Collection> osRoots)
    {
        (Store, File, _roots) = (store, file, roots);
        _secondRoots = store == TrustStore.Amazon ? osRoots : () => roots;
    }

    public TrustStore Store { get; }

    /// <summary>TLS_TRUST_FILE: root certificates trusted as well, e.g. the local stack's CA or a TLS-inspecting proxy's.</summary>
    public string? File { get; }

    /// <summary>TLS_TRUST_STORE (amazon, the default, or system) and TLS_TRUST_FILE, read and loaded once per process.</summary>
    public static TlsTrust FromEnvironment(EnvironmentReader env)
    {
        var (store, file) = Settings(env);
        return Loaded.GetOrAdd((store, file), key => Load(key.Store, key.File));
    }

    /// <summary>The two variables as set, the file not yet read (no certificate parsed, OpenSSL not loaded).</summary>
    internal static (TrustStore Store, string? File) Settings(EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var value = env.Get(StoreVariable);
        var store = value?.ToUpperInvariant() switch
        {
            null or "AMAZON" => TrustStore.Amazon,
            "SYSTEM" => TrustStore.System,
            _ => throw EnvironmentReader.Invalid(StoreVariable, value, "amazon or system"),
        };
        return (store, env.Get(FileVariable));
    }

    /// <summary>Makes <paramref name="handler"/> check server certificates with this trust.</summary>
    public void Configure(SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Store == TrustStore.Amazon)
        {
            // SslStream copies the policy per connection.
            handler.SslOptions.CertificateChainPolicy = Policy(_roots);
        }

        if (Store == TrustStore.Amazon || File is not null)
        {
            // Runs after .NET's own checks; without it (system, no file) everything is .NET's default.
            handler.SslOptions.RemoteCertificateValidationCallback = Validate;
        }
    }

    /// <summary>One line for errors: what the certificates were checked against.</summary>
    public string Describe()
    {
        var file = File is null ? null : $"{FileVariable}={File}";
        return Store == TrustStore.System
            ? $"{StoreVariable}=system: the OS store{(file is null ? string.Empty : $", then {file}")}"
            : $"{StoreVariable}=amazon: the Amazon Trust Services roots{(file is null ? string.Empty : $" and {file}")}, then the OS store";
    }

    /// <summary>
    /// Runs after .NET built the chain (against the first roots) and checked the host name. Accepts
    /// what passed; a chain that failed (and only that: never a wrong name or a missing certificate)
    /// is built again, in full, against the second roots.
    /// </summary>
    internal bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // The reasons are those of the last check that ran: the second one's when it did.
        var failure = errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is not null && chain is not null
            ? SecondCheck(certificate, chain)
            : Statuses(chain);
        // A rejection throws rather than returns false: .NET's message for a rejection by the callback names no reason.
        return failure is null ? true : throw new AuthenticationException(Rejection((sender as SslStream)?.TargetHostName, certificate, errors, failure));
    }

    /// <summary>The chain policy of a check against <paramref name="roots"/>: everything as .NET checks a server by default.</summary>
    internal static X509ChainPolicy Policy(X509Certificate2Collection roots)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck, // SslClientAuthenticationOptions' default
            RevocationFlag = X509RevocationFlag.ExcludeRoot,
            VerificationTimeIgnored = true, // the time of each check, not of this policy's creation
        };
        policy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1")); // server authentication, as SslStream adds by default
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }

    /// <summary>Null when the chain builds against the second roots, else why it does not.</summary>
    private string? SecondCheck(X509Certificate certificate, X509Chain chain)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var second = new X509Chain { ChainPolicy = Policy(_secondRoots()) };
        second.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore); // the intermediates the server sent
        try
        {
            return second.Build(leaf) ? null : Statuses(second);
        }
        finally
        {
            foreach (var element in second.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    private string Rejection(string? host, X509Certificate? certificate, SslPolicyErrors errors, string statuses)
    {
        var subject = certificate is null ? "no certificate" : $"{certificate.Subject}, issued by {certificate.Issuer}";
        var reason = errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) ? "the server sent no certificate"
            : errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? $"the certificate ({subject}) is not for the host {host}"
            : $"the certificate ({subject}) is not trusted: {statuses}";
        return $"TLS: {reason}; checked against {Describe()}";
    }

    private static string Statuses(X509Chain? chain)
    {
        var flags = chain?.ChainStatus.Select(s => s.Status.ToString()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        return flags.Count > 0 ? string.Join(", ", flags) : "the chain could not be built";
    }

    private static TlsTrust Load(TrustStore store, string? file)
    {
        var roots = new X509Certificate2Collection();
        if (store == TrustStore.Amazon)
        {
            roots.ImportFromPem(AmazonTrustServices.Pem);
        }

        if (file is not null)
        {
            roots.AddRange(ReadFile(file));
        }

        return new TlsTrust(store, file, roots, OsTrustStore.Roots);
    }

    private static X509Certificate2Collection ReadFile(string path)
    {
        const string expected = "an absolute path to a PEM file of root certificates";
        if (!Path.IsPathFullyQualified(path))
        {
            throw EnvironmentReader.Invalid(FileVariable, path, expected);
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ConfigurationException($"{FileVariable}=\"{path}\" is invalid: expected {expected} ({e.Message})", e);
        }

        return certificates.Count > 0 ? certificates : throw EnvironmentReader.Invalid(FileVariable, path, expected + " (it holds none)");
    }
}
