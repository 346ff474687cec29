using System.Net;
using System.Net.Sockets;

namespace PostConfirmation.IntegrationTests.Fakes;

/// <summary>Accepts TCP connections and never answers: what a hung endpoint looks like to a client.</summary>
internal sealed class BlackHole : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstAccepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BlackHole()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Completes when the first connection is accepted: a client's attempt is then waiting for an answer.</summary>
    public Task FirstAccepted => _firstAccepted.Task;

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

                _firstAccepted.TrySetResult();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
