using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// The Lambda Runtime API (version 2018-06-01) of one execution environment, on 127.0.0.1: hands
/// queued events to the runtime's long-polling <c>next</c> and collects what it posts back.
/// Timestamps are taken here, where the requests arrive, so durations do not include scheduling.
/// </summary>
internal sealed class RuntimeApi : IAsyncDisposable
{
    /// <summary>Lambda's limit for a synchronous event and for a response.</summary>
    public const int MaxPayloadBytes = 6 * 1024 * 1024;

    private const string Base = "/2018-06-01/runtime/";

    private readonly HttpListener _listener;
    private readonly int _port;
    private readonly string _functionArn;
    private readonly Channel<Invocation> _queue = Channel.CreateUnbounded<Invocation>();
    private readonly ConcurrentDictionary<string, Invocation> _handedOut = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<RuntimeError?> _init = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _serving;

    private RuntimeApi(HttpListener listener, int port, string functionArn)
    {
        _listener = listener;
        _port = port;
        _functionArn = functionArn;
        Address = $"127.0.0.1:{port}";
        _serving = ServeAsync();
    }

    /// <summary>The value of AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address { get; }

    /// <summary>Completes with null at the runtime's first <c>next</c>, or with the error it posted to <c>init/error</c>.</summary>
    public Task<RuntimeError?> Initialized => _init.Task;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> of the first <c>next</c> or <c>init/error</c>.</summary>
    public long InitEndedAt { get; private set; }

    public static RuntimeApi Start(string functionArn)
    {
        // HttpListener cannot bind port 0; a port just released by the OS is free unless another
        // process takes it in between, which the retry covers.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
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
    /// Runs one invocation through a throwaway instance with a raw HTTP client, so that compiling
    /// the server's code paths happens now and not inside a function's measured init and first
    /// invocation (this tool runs under the JIT; the functions do not).
    /// </summary>
    public static async Task WarmUpAsync()
    {
        await using var api = Start("arn:aws:lambda:us-east-1:000000000000:function:warm-up");
        var invocation = api.Enqueue("{}"u8.ToArray(), TimeSpan.FromSeconds(10), null);
        await api.SendRawAsync("GET /2018-06-01/runtime/invocation/next");
        await api.SendRawAsync($"POST /2018-06-01/runtime/invocation/{invocation.RequestId}/response");
        await invocation.Result;
    }

    /// <summary>Queues one event; the runtime receives it at its next <c>next</c>.</summary>
    public Invocation Enqueue(byte[] payload, TimeSpan timeout, Action<Invocation>? handingOut)
    {
        var invocation = new Invocation(Guid.NewGuid().ToString(), payload, timeout, handingOut);
        _queue.Writer.TryWrite(invocation);
        return invocation;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Close();
        await _serving;
        _stopping.Dispose();
    }

    /// <summary>One request with an empty JSON body, on a connection the server closes after answering.</summary>
    private async Task SendRawAsync(string requestLine)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _port);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"{requestLine} HTTP/1.1\r\nHost: {Address}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"));
        await stream.CopyToAsync(Stream.Null); // until the server closes the connection
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        var requests = new List<Task>();
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                requests.Add(HandleAsync(await _listener.GetContextAsync()));
                requests.RemoveAll(r => r.IsCompleted);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break; // closed
            }
        }

        await Task.WhenAll(requests);
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            var path = context.Request.Url?.AbsolutePath ?? string.Empty;
            var route = path.StartsWith(Base, StringComparison.Ordinal) ? path[Base.Length..].Split('/') : [];
            var handling = (context.Request.HttpMethod, route) switch
            {
                ("GET", ["invocation", "next"]) => NextAsync(context.Response),
                ("POST", ["invocation", var id, "response"]) => CompleteAsync(context, id, isError: false),
                ("POST", ["invocation", var id, "error"]) => CompleteAsync(context, id, isError: true),
                ("POST", ["init", "error"]) => InitErrorAsync(context),
                _ => Respond(context.Response, 404, Error("NotFound", $"{context.Request.HttpMethod} {path} is not part of the Runtime API")),
            };
            await handling;
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            context.Response.Abort(); // the runtime went away or the environment is shutting down
        }
    }

    private async Task NextAsync(HttpListenerResponse response)
    {
        MarkInitEnded(null);
        var invocation = await _queue.Reader.ReadAsync(_stopping.Token);
        var deadline = DateTimeOffset.UtcNow + invocation.Timeout;
        _handedOut[invocation.RequestId] = invocation;
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        response.Headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = _functionArn;
        response.Headers["Lambda-Runtime-Trace-Id"] = TraceHeader(deadline);
        invocation.MarkHandedOut();
        await Respond(response, 200, invocation.Payload);
    }

    private async Task CompleteAsync(HttpListenerContext context, string requestId, bool isError)
    {
        var body = await ReadCappedAsync(context.Request);
        if (!_handedOut.TryRemove(requestId, out var invocation))
        {
            await Respond(context.Response, 400, Error("InvalidRequestID", $"no invocation {requestId} is waiting for a result"));
            return;
        }

        if (body is null)
        {
            invocation.Complete(false, Error("Function.ResponseSizeTooLarge", $"Response payload size exceeded maximum allowed payload size ({MaxPayloadBytes} bytes)."));
            await Respond(context.Response, 413, Error("RequestEntityTooLarge", $"the body is larger than {MaxPayloadBytes} bytes"));
            return;
        }

        invocation.Complete(!isError, isError ? RuntimeError.Normalize(context.Request.Headers["Lambda-Runtime-Function-Error-Type"], body).Json : body);
        await Respond(context.Response, 202, """{"status":"OK"}"""u8.ToArray());
    }

    private async Task InitErrorAsync(HttpListenerContext context)
    {
        var body = await ReadCappedAsync(context.Request) ?? [];
        if (!MarkInitEnded(RuntimeError.Normalize(context.Request.Headers["Lambda-Runtime-Function-Error-Type"], body)))
        {
            await Respond(context.Response, 403, Error("InvalidStateTransition", "init/error after the runtime asked for an event"));
            return;
        }

        await Respond(context.Response, 202, """{"status":"OK"}"""u8.ToArray());
    }

    private bool MarkInitEnded(RuntimeError? error)
    {
        var at = Stopwatch.GetTimestamp();
        if (_init.Task.IsCompleted)
        {
            return false;
        }

        InitEndedAt = at;
        return _init.TrySetResult(error);
    }

    /// <summary>The body, or null when it is over <see cref="MaxPayloadBytes"/> (the rest is read and dropped).</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpListenerRequest request)
    {
        using var body = new MemoryStream();
        var chunk = new byte[64 * 1024];
        var tooLarge = false;
        int read;
        while ((read = await request.InputStream.ReadAsync(chunk)) > 0)
        {
            tooLarge |= body.Length + read > MaxPayloadBytes;
            if (!tooLarge)
            {
                body.Write(chunk, 0, read);
            }
        }

        return tooLarge ? null : body.ToArray();
    }

    private static async Task Respond(HttpListenerResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private static byte[] Error(string type, string message) => RuntimeError.Create(type, message).Json;

    /// <summary>An X-Ray trace header as Lambda passes it: not sampled, since nothing collects traces locally.</summary>
    private static string TraceHeader(DateTimeOffset now) =>
        $"Root=1-{now.ToUnixTimeSeconds():x8}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..24]};Parent={Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..16]};Sampled=0";
}
