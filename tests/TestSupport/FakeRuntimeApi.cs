using System.Globalization;
using System.Net;
using System.Text;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Runtime;

namespace LambdaSuite.TestSupport;

/// <summary>A request the runtime sent to the Runtime API.</summary>
public sealed record RuntimeApiCall(string Method, string Path, string? ErrorType, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// The Lambda Runtime API at the HTTP level, in memory: serves the queued events on
/// <c>/invocation/next</c> with the headers Lambda sends, records every request, and once the queue
/// is empty stops the loop (the run then returns 0). Tests assert on the requests the runtime sent.
/// </summary>
public sealed class FakeRuntimeApi : HttpMessageHandler
{
    private readonly Queue<HttpResponseMessage> _events = new();
    private readonly List<RuntimeApiCall> _calls = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The status every POST gets (202 by default); the function gets the path.</summary>
    public Func<string, HttpStatusCode> PostStatus { get; set; } = _ => HttpStatusCode.Accepted;

    /// <summary>What the runtime set with its environment hook (it never touches the real process environment here).</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request, in order.</summary>
    public IReadOnlyList<RuntimeApiCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<RuntimeApiCall> Posts => [.. Calls.Where(c => c.Method == "POST")];

    /// <summary>Queues one event; <paramref name="deadline"/> is sent as Lambda-Runtime-Deadline-Ms unless <paramref name="deadlineHeader"/> overrides it.</summary>
    public void Enqueue(byte[] payload, string requestId, DateTimeOffset deadline, string? traceId = null, string? deadlineHeader = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(payload) };
        response.Headers.Add("Lambda-Runtime-Aws-Request-Id", requestId);
        response.Headers.Add("Lambda-Runtime-Deadline-Ms", deadlineHeader ?? deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        response.Headers.Add("Lambda-Runtime-Invoked-Function-Arn", TestInvocation.FunctionArn);
        if (traceId is not null)
        {
            response.Headers.Add("Lambda-Runtime-Trace-Id", traceId);
        }

        lock (_gate)
        {
            _events.Enqueue(response);
        }
    }

    public void Enqueue(string payload, string requestId, DateTimeOffset deadline, string? traceId = null)
        => Enqueue(Encoding.UTF8.GetBytes(payload), requestId, deadline, traceId);

    /// <summary>Queues an answer to the next-invocation poll that is not an event (e.g. 500: the environment is broken).</summary>
    public void EnqueueStatus(HttpStatusCode status, string body = "{\"errorType\":\"test\"}")
    {
        lock (_gate)
        {
            _events.Enqueue(new HttpResponseMessage(status) { Content = new StringContent(body) });
        }
    }

    /// <summary>Runs the real runtime loop against this API until the queued events are served; returns its exit code.</summary>
    public async Task<int> RunAsync(Func<IInvocationHandler> initialise, ILog log, int maxResponseBytes = LambdaRuntime.MaxResponseBytes)
    {
        using var client = new RuntimeApiClient("127.0.0.1:9001", this);
        var runtime = new LambdaRuntime(client, log, (name, value) => Environment[name] = value, maxResponseBytes);
        return await runtime.RunAsync(initialise, _stop.Token);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var errorType = request.Headers.TryGetValues(RuntimeApiClient.ErrorTypeHeader, out var values) ? values.Single() : null;
        var path = request.RequestUri!.AbsolutePath;
        HttpResponseMessage? next = null;
        lock (_gate)
        {
            _calls.Add(new RuntimeApiCall(request.Method.Method, path, errorType, body));
            if (request.Method == HttpMethod.Get)
            {
                _events.TryDequeue(out next);
            }
        }

        if (request.Method != HttpMethod.Get)
        {
            return new HttpResponseMessage(PostStatus(path));
        }

        if (next is null)
        {
            // Drained: end the run the way a test stops it, then wait like a long poll.
            await _stop.CancelAsync();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return next!;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Dispose();
            foreach (var e in _events)
            {
                e.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
