using System.Net;
using System.Text;

namespace Remediator.Tests.Fakes;

/// <summary>The terminal handler under SigV4SigningHandler: records each request and answers from a script.</summary>
internal sealed class FakeEcsHandler : HttpMessageHandler
{
    private readonly Func<int, CapturedRequest, CancellationToken, Task<HttpResponseMessage>> _respond;
    private readonly List<CapturedRequest> _requests = [];

    public FakeEcsHandler(Func<int, CapturedRequest, CancellationToken, Task<HttpResponseMessage>> respond) => _respond = respond;

    /// <summary>Answers attempt n (1-based) with <paramref name="responses"/>[n-1], repeating the last one.</summary>
    public static FakeEcsHandler Sequence(params Func<HttpResponseMessage>[] responses)
        => new((n, _, _) => Task.FromResult(responses[Math.Min(n, responses.Length) - 1]()));

    public IReadOnlyList<CapturedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

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
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        var captured = new CapturedRequest(request.Method, request.RequestUri!, headers, body);
        int n;
        lock (_requests)
        {
            _requests.Add(captured);
            n = _requests.Count;
        }

        return await _respond(n, captured, cancellationToken).ConfigureAwait(false);
    }
}
