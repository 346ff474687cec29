using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// The Lambda Runtime API (version 2018-06-01) of one execution environment, on 127.0.0.1: hands
/// queued events to the runtime's long-polling <c>next</c> and collects what it posts back.
/// Timestamps are taken where the requests arrive, so durations leave out this tool's scheduling.
/// </summary>
internal sealed class RuntimeApi : IAsyncDisposable
{
    /// <summary>Lambda's limit for a synchronous event and for a response.</summary>
    public const int MaxPayloadBytes = 6 * 1024 * 1024;

    private const string Base = "/2018-06-01/runtime/";
    private static readonly byte[] Accepted = """{"status":"OK"}"""u8.ToArray();

    private readonly HttpListener _listener;
    private readonly int _port;
    private readonly string _functionArn;
    private readonly Channel<Invocation> _queue = Channel.CreateUnbounded<Invocation>();
    private readonly ConcurrentDictionary<string, Invocation> _handedOut = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<(RuntimeError? Error, long At)> _init = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();

    private RuntimeApi(HttpListener listener, int port, string functionArn)
    {
        (_listener, _port, _functionArn) = (listener, port, functionArn);
        _ = ServeAsync();
    }

    /// <summary>The value of AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address => $"127.0.0.1:{_port}";

    /// <summary>
    /// Completes at the runtime's first <c>next</c> (no error) or <c>init/error</c> (the error it posted),
    /// with the <see cref="Stopwatch.GetTimestamp"/> of that request.
    /// </summary>
    public Task<(RuntimeError? Error, long At)> Initialized => _init.Task;

    public static RuntimeApi Start(string functionArn)
    {
        // HttpListener cannot bind port 0: take one the OS just gave out, and another if it was taken meanwhile.
        for (var attempt = 1; ; attempt++)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new RuntimeApi(listener, port, functionArn);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>
    /// One invocation through a throwaway instance with a raw HTTP client, so that compiling the
    /// server's request path (this tool runs on the JIT) does not land in a function's measured init
    /// and first invocation.
    /// </summary>
    public static async Task WarmUpAsync()
    {
        await using var api = Start("arn:aws:lambda:us-east-1:000000000000:function:warm-up");
        var invocation = api.Enqueue("{}"u8.ToArray(), TimeSpan.FromSeconds(10));
        foreach (var request in new[] { "GET /2018-06-01/runtime/invocation/next", $"POST /2018-06-01/runtime/invocation/{invocation.RequestId}/response" })
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, api._port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{request} HTTP/1.1\r\nHost: {api.Address}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"));
            await stream.CopyToAsync(Stream.Null); // until the server closes the connection
        }

        await invocation.Result;
    }

    /// <summary>Queues one event; the runtime receives it at its next <c>next</c>, right after <paramref name="handingOut"/> ran.</summary>
    public Invocation Enqueue(byte[] payload, TimeSpan timeout, Action<Invocation>? handingOut = null)
    {
        var invocation = new Invocation(Guid.NewGuid().ToString(), payload, timeout, handingOut);
        _queue.Writer.TryWrite(invocation);
        return invocation;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Close();
        _stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                _ = HandleAsync(await _listener.GetContextAsync());
            }
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // closed
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var (request, response) = (context.Request, context.Response);
        var path = request.Url?.AbsolutePath ?? string.Empty;
        string[] route = path.StartsWith(Base, StringComparison.Ordinal) ? path[Base.Length..].Split('/') : [];
        try
        {
            await ((request.HttpMethod, route) switch
            {
                ("GET", ["invocation", "next"]) => NextAsync(response),
                ("POST", ["invocation", var id, "response" or "error"]) => CompleteAsync(context, id, isError: route[2] == "error"),
                ("POST", ["init", "error"]) => InitErrorAsync(context),
                _ => RespondAsync(response, 404, RuntimeError.Create("NotFound", $"{request.HttpMethod} {path} is not part of the Runtime API").Json),
            });
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            response.Abort(); // the runtime went away, or the environment is shutting down
        }
    }

    private async Task NextAsync(HttpListenerResponse response)
    {
        _init.TrySetResult((null, Stopwatch.GetTimestamp()));
        var invocation = await _queue.Reader.ReadAsync(_stopping.Token);
        var deadline = DateTimeOffset.UtcNow + invocation.Timeout;
        _handedOut[invocation.RequestId] = invocation;
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        response.Headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = _functionArn;
        // An X-Ray header as Lambda passes it; not sampled, since nothing collects traces locally.
        response.Headers["Lambda-Runtime-Trace-Id"] = $"Root=1-{deadline.ToUnixTimeSeconds():x8}-{Guid.NewGuid():N}"[..40] + $";Parent={Guid.NewGuid():N}"[..24] + ";Sampled=0";
        invocation.MarkHandedOut();
        await RespondAsync(response, 200, invocation.Payload);
    }

    private async Task CompleteAsync(HttpListenerContext context, string requestId, bool isError)
    {
        var body = await ReadCappedAsync(context.Request);
        if (!_handedOut.TryRemove(requestId, out var invocation))
        {
            await RespondAsync(context.Response, 400, RuntimeError.Create("InvalidRequestID", $"no invocation {requestId} is waiting for a result").Json);
        }
        else if (body is null)
        {
            invocation.Complete(false, RuntimeError.Create("Function.ResponseSizeTooLarge", $"Response payload size exceeded maximum allowed payload size ({MaxPayloadBytes} bytes).").Json);
            await RespondAsync(context.Response, 413, RuntimeError.Create("RequestEntityTooLarge", $"the body is larger than {MaxPayloadBytes} bytes").Json);
        }
        else
        {
            invocation.Complete(!isError, isError ? RuntimeError.Posted(context.Request.Headers["Lambda-Runtime-Function-Error-Type"], body).Json : body);
            await RespondAsync(context.Response, 202, Accepted);
        }
    }

    private async Task InitErrorAsync(HttpListenerContext context)
    {
        var error = RuntimeError.Posted(context.Request.Headers["Lambda-Runtime-Function-Error-Type"], await ReadCappedAsync(context.Request) ?? []);
        await (_init.TrySetResult((error, Stopwatch.GetTimestamp()))
            ? RespondAsync(context.Response, 202, Accepted)
            : RespondAsync(context.Response, 403, RuntimeError.Create("InvalidStateTransition", "init/error after the runtime asked for an event").Json));
    }

    /// <summary>The body, or null when it is over <see cref="MaxPayloadBytes"/> (the rest is read and dropped).</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpListenerRequest request)
    {
        using var body = new MemoryStream();
        var chunk = new byte[64 * 1024];
        for (int read; (read = await request.InputStream.ReadAsync(chunk)) > 0;)
        {
            body.Write(chunk, 0, (int)Math.Clamp(MaxPayloadBytes + 1L - body.Length, 0, read));
        }

        return body.Length > MaxPayloadBytes ? null : body.ToArray();
    }

    private static async Task RespondAsync(HttpListenerResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }
}
