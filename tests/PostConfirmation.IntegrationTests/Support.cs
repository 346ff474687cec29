using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.PostConfirmation;
using LambdaSuite.TestSupport;

namespace PostConfirmation.IntegrationTests;

/// <summary>A handler wired like production (same client settings) but pointed at an explicit endpoint.</summary>
internal sealed class HandlerUnderTest
{
    public HandlerUnderTest(Uri endpoint, string table, Settings? settings = null, TimeProvider? time = null, HttpClientFactory? http = null)
    {
        Settings = settings ?? Settings.Defaults(table);
        Time = time ?? TimeProvider.System;
        var config = AwsClientFactory.Config<AmazonDynamoDBConfig>("DYNAMODB", Settings.DynamoDbLimits, new EnvironmentReader(_ => null));
        if (http is not null)
        {
            config.HttpClientFactory = http;
        }

        config.ServiceURL = endpoint.ToString();
        config.AuthenticationRegion = "us-east-1";
        // Tests never set process-wide environment variables, so the local stack's credentials are explicit.
        Handler = new Handler(
            new DynamoDbProfileStore(new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), config), Settings),
            new JsonLog(Sink, "PostConfirmation", LogLevel.Debug),
            new EmfMetrics(Sink, "Test", "PostConfirmation"),
            Time);
    }

    public TimeProvider Time { get; }

    public Settings Settings { get; }

    public Handler Handler { get; }

    public MemorySink Sink { get; } = new();

    public async Task<byte[]> InvokeAsync(byte[] input)
    {
        using var stream = new MemoryStream(input);
        await using var output = await Handler.HandleAsync(stream, TestInvocation.Context(Time));
        using var copy = new MemoryStream();
        await output.CopyToAsync(copy);
        return copy.ToArray();
    }
}

internal static class Events
{
    /// <summary>A realistic post-confirmation event (shape of AWS's sample, with every field a real one carries).</summary>
    public static byte[] Confirmation(string sub, string triggerSource = "PostConfirmation_ConfirmSignUp", string extraAttributes = "")
        => Encoding.UTF8.GetBytes($$"""
        {
            "version": "1",
            "triggerSource": "{{triggerSource}}",
            "region": "us-east-1",
            "userPoolId": "us-east-1_EXAMPLE1",
            "userName": "{{sub}}",
            "callerContext": {
                "awsSdkVersion": "aws-sdk-unknown-unknown",
                "clientId": "1example23456789"
            },
            "request": {
                "userAttributes": {
                    "sub": "{{sub}}",{{extraAttributes}}
                    "cognito:user_status": "CONFIRMED",
                    "email_verified": "true",
                    "email": "user+{{sub}}@example.com"
                },
                "clientMetadata": {
                    "exampleMetadataKey": "example metadata value"
                }
            },
            "response": {}
        }
        """);
}

/// <summary>Accepts TCP connections and never answers: what a hung endpoint looks like to a client.</summary>
internal sealed class BlackHole : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();

    public BlackHole()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public int Accepted
    {
        get
        {
            lock (_held)
            {
                return _held.Count;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            _held.ForEach(s => s.Dispose());
        }

        _stop.Dispose();
    }

    /// <summary>A loopback port with nothing listening (connections are refused at once).</summary>
    public static Uri ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_held)
                {
                    _held.Add(socket);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
