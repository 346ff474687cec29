using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using LambdaSuite.Common.Aws.Tls;
using LambdaSuite.Common.Configuration;

/// <summary>
/// FIXTURE_MODE=tls-phases: where the first HTTPS request of a fresh process spends its time, one
/// step after the other, with the trust FIXTURE_TRUST names (amazon or system) and the local stack's
/// CA (FIXTURE_CA) — the steps a function's first AWS call takes in one go. Run with
/// TLS_TRUST_STORE=system and no TLS_TRUST_FILE, so the runtime itself touches no TLS first.
/// </summary>
internal static class TlsPhases
{
    public static async Task<MemoryStream> MeasureAsync()
    {
        var trustName = Environment.GetEnvironmentVariable("FIXTURE_TRUST") ?? "amazon";
        var ca = Environment.GetEnvironmentVariable("FIXTURE_CA") ?? throw new InvalidOperationException("FIXTURE_CA is required: the local stack's CA (its TLS_TRUST_FILE)");
        var url = new Uri(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB") ?? throw new InvalidOperationException("AWS_ENDPOINT_URL_DYNAMODB is required"));
        var served = Path.Combine(Environment.GetEnvironmentVariable("LAMBDASUITE_STACK_DIR") ?? throw new InvalidOperationException("LAMBDASUITE_STACK_DIR is required"), "tls", "server.pem");
        var phases = new List<(string Name, double Ms)>();
        var clock = Stopwatch.StartNew();
        void Mark(string name)
        {
            phases.Add((name, clock.Elapsed.TotalMilliseconds));
            clock.Restart();
        }

        // 1. OpenSSL: loading libssl/libcrypto and their initialisation (its configuration file included).
        SHA256.HashData([]);
        Mark("library");

        // 2. The trust store: Amazon's roots parsed and the process pointed at them, or the OS store read
        //    (.NET reads it on a process's first chain; a chain of the CA alone is that first chain).
        var env = new EnvironmentReader(name => name switch
        {
            "TLS_TRUST_STORE" => trustName,
            "TLS_TRUST_FILE" => trustName == "amazon" ? ca : null,
            _ => null,
        });
        if (trustName == "amazon")
        {
            ProcessTrust.Apply(env);
        }

        using var handler = new SocketsHttpHandler();
        TlsTrust.FromEnvironment(env).Configure(handler);
        var policy = handler.SslOptions.CertificateChainPolicy;
        using (var root = X509CertificateLoader.LoadCertificateFromFile(ca))
        {
            Build(root, policy, []);
        }

        Mark("trustStore");

        // 3. Building and checking the chain the endpoint presents (leaf and intermediate).
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(served);
        Build(chain[0], policy, chain);
        Mark("chain");

        // 4. TCP, then 5. the TLS handshake (its certificate check included, now warm), then 6. one request.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        Mark("connect");
        await using var tls = new SslStream(tcp.GetStream());
        var options = handler.SslOptions;
        options.TargetHost = url.Host;
        await tls.AuthenticateAsClientAsync(options);
        Mark("handshake");
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {url.Authority}\r\nConnection: close\r\n\r\n"));
        var status = new byte[12];
        await tls.ReadExactlyAsync(status);
        Mark("request");

        var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("trust", trustName);
            foreach (var (name, ms) in phases)
            {
                json.WriteNumber(name, Math.Round(ms, 3));
            }

            json.WriteString("protocol", tls.SslProtocol.ToString());
            json.WriteString("cipher", tls.NegotiatedCipherSuite.ToString());
            json.WriteString("status", Encoding.ASCII.GetString(status).Trim());
            json.WriteString("pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        output.Position = 0;
        return output;
    }

    /// <summary>Whether .NET's default trust (the process's own view of the OS store) accepts the certificate the stack serves.</summary>
    public static bool DefaultTrustAccepts()
    {
        var served = new X509Certificate2Collection();
        served.ImportFromPemFile(Path.Combine(Environment.GetEnvironmentVariable("LAMBDASUITE_STACK_DIR") ?? throw new InvalidOperationException("LAMBDASUITE_STACK_DIR is required"), "tls", "server.pem"));
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ExtraStore.AddRange(served);
        return chain.Build(served[0]);
    }

    private static void Build(X509Certificate2 certificate, X509ChainPolicy? policy, X509Certificate2Collection extra)
    {
        using var chain = new X509Chain();
        if (policy is not null)
        {
            chain.ChainPolicy = policy.Clone();
        }
        else
        {
            // What SslStream sets for a client without a policy of its own (the OS store).
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        }

        chain.ChainPolicy.ExtraStore.AddRange(extra);
        if (!chain.Build(certificate))
        {
            throw new InvalidOperationException($"the chain of {certificate.Subject} does not build: {string.Join(", ", chain.ChainStatus.Select(s => s.Status))}");
        }
    }
}
