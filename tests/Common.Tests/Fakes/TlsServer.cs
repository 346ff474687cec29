using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LambdaSuite.Common.Tests.Fakes;

/// <summary>
/// An HTTPS server on loopback that presents <paramref name="server"/> with <paramref name="chain"/>
/// (as AWS endpoints send their intermediate) and answers every request 200 with a small body.
/// </summary>
internal sealed class TlsServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly SslStreamCertificateContext _certificate;
    private readonly CancellationTokenSource _stop = new();

    public TlsServer(X509Certificate2 server, params X509Certificate2[] chain)
    {
        _certificate = SslStreamCertificateContext.Create(server, new X509Certificate2Collection(chain), offline: true);
        _listener.Start();
        _ = AcceptAsync();
    }

    public Uri Url => new($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _certificate }, _stop.Token);
                using var reader = new StreamReader(tls, Encoding.ASCII, leaveOpen: true);
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
                {
                    // the request head; requests here have no body
                }

                await tls.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray(), _stop.Token);
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
            {
                // the client refused the certificate, which several tests want
            }
        }
    }
}
