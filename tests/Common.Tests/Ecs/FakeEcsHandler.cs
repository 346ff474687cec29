using System.Net;
using System.Text;

namespace LambdaSuite.Common.Tests.Ecs;

/// <summary>What reached the wire: copied at send time, because the client disposes the message afterwards.</summary>
internal sealed record CapturedRequest(HttpMethod Method, Uri Uri, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name)
    {
        var values = Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(',', values);
    }
}

/// <summary>The terminal handler under SigV4SigningHandler: records each request and answers from a script.</summary>
internal sealed class FakeEcsHandler : HttpMessageHandler
{
    private readonly Func<int, CapturedRequest, CancellationToken, Task<HttpResponseMessage>> _respond;
    private readonly List<CapturedRequest> _requests = [];

    public FakeEcsHandler(Func<int, CapturedRequest, CancellationToken, Task<HttpResponseMessage>> respond) => _respond = respond;

    /// <summary>Answers attempt n (1-based) with <paramref name="responses"/>[n-1], repeating the last one.</summary>
    public static FakeEcsHandler Sequence(params Func<HttpResponseMessage>[] responses)
        => new((n, _, _) => Task.FromResult(responses[Math.Min(n, responses.Length) - 1]()));

    public IReadOnlyList<CapturedRequest> Requests => _requests;

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string? requestId = "req-1")
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.1") };
        if (requestId is not null)
        {
            response.Headers.TryAddWithoutValidation("x-amzn-RequestId", requestId);
        }

        return response;
    }

    public static HttpResponseMessage Error(HttpStatusCode status, string type, string message = "boom")
        => Json(status, $$"""{"__type":"{{type}}","message":"{{message}}"}""");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToList();
        var body = Array.Empty<byte>();
        if (request.Content is not null)
        {
            headers.AddRange(request.Content.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))));
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var captured = new CapturedRequest(request.Method, request.RequestUri!, headers, body);
        int n;
        lock (_requests)
        {
            _requests.Add(captured);
            n = _requests.Count;
        }

        return await _respond(n, captured, cancellationToken);
    }
}

/// <summary>A clock that only moves when a test (or the fake delay) moves it.</summary>
internal sealed class ManualTime : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
