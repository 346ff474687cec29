using System.Net;
using Amazon.Runtime;
using LambdaSuite.Common.Configuration;

namespace LambdaSuite.Common.Aws.Tls;

/// <summary>
/// The HTTP transport of every AWS call the functions make: the SDK clients (through
/// <see cref="ClientFactory"/>, set by <see cref="AwsClientFactory"/>) and the Remediator's ECS
/// client. Its TLS trust is <see cref="TlsTrust"/>; a failed handshake is reported in one line.
/// </summary>
public static class AwsHttp
{
    /// <summary>A pooled socket handler with the trust of <paramref name="env"/>, shaped by <paramref name="configure"/>.</summary>
    public static HttpMessageHandler Transport(EnvironmentReader env, Action<SocketsHttpHandler>? configure = null)
        => Transport(TlsTrust.FromEnvironment(env), configure);

    internal static HttpMessageHandler Transport(TlsTrust trust, Action<SocketsHttpHandler>? configure)
    {
        var sockets = new SocketsHttpHandler();
        configure?.Invoke(sockets);
        trust.Configure(sockets);
        return new TlsFailureHandler(sockets, trust);
    }

    /// <summary>
    /// Creates the SDK's HttpClient as AWSSDK.Core 4.1 does itself (its CreateManagedHttpClient:
    /// connect timeout, connections per server, redirects, no decompression, proxy), plus the trust.
    /// </summary>
    internal sealed class ClientFactory(TlsTrust trust) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig)
        {
            ArgumentNullException.ThrowIfNull(clientConfig);
            var client = new HttpClient(CreateHandler(clientConfig), disposeHandler: true);
            if (clientConfig.Timeout is { } timeout)
            {
                client.Timeout = timeout;
            }

            return client;
        }

        internal HttpMessageHandler CreateHandler(IClientConfig clientConfig) => Transport(trust, sockets =>
        {
            sockets.EnableMultipleHttp2Connections = true;
            sockets.AllowAutoRedirect = clientConfig.AllowAutoRedirect;
            sockets.AutomaticDecompression = DecompressionMethods.None;
            if (clientConfig.ConnectTimeout is { } connect)
            {
                sockets.ConnectTimeout = connect;
            }

            if (clientConfig.MaxConnectionsPerServer is { } connections)
            {
                sockets.MaxConnectionsPerServer = connections;
            }

            if (clientConfig.GetWebProxy() is { } proxy)
            {
                proxy.Credentials = clientConfig.ProxyCredentials ?? proxy.Credentials;
                sockets.Proxy = proxy;
            }
        });
    }
}
