using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Xunit;

namespace LogShipper.IntegrationTests.Fixtures;

/// <summary>
/// moto's server (Python, moto 5.2.1) on a free port of 127.0.0.1, for what fauxqs does not show:
/// its S3 answers copies with the SSE it applied (SSE-KMS with a key and a bucket key, a bucket's
/// default encryption). Missing moto fails the tests with the line that installs it.
/// </summary>
public sealed partial class Moto : IAsyncLifetime
{
    public const string Install = "python3 -m pip install 'moto[server]==5.2.1'";

    private Process? _server;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1");

    public AmazonS3Client S3() => new(new BasicAWSCredentials("test", "test"), new AmazonS3Config
    {
        ServiceURL = Endpoint.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
    });

    public async Task InitializeAsync()
    {
        var psi = new ProcessStartInfo("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            _server = Process.Start(psi) ?? throw new InvalidOperationException("python3 did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"python3 is missing: these tests run moto's server ({Install})", e);
        }

        // Werkzeug names the port it bound on stderr; anything else first means moto could not start.
        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _server.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.Add(line);
            if (Listening().Match(line) is { Success: true } match)
            {
                Endpoint = new Uri(match.Groups[1].Value + "/");
                _ = _server.StandardError.ReadToEndAsync(CancellationToken.None);
                _ = _server.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return;
            }
        }

        throw new InvalidOperationException($"moto's server did not start ({Install}):\n{string.Join('\n', seen)}");
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
        }

        _server?.Dispose();
        return Task.CompletedTask;
    }

    [GeneratedRegex(@"Running on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
