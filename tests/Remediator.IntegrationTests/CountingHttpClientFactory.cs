using Amazon.Runtime;

namespace Remediator.IntegrationTests;

/// <summary>Counts the HTTP requests an SDK client sends, by operation (X-Amz-Target), without changing them.</summary>
internal sealed class CountingHttpClientFactory : HttpClientFactory
{
    private readonly Dictionary<string, int> _counts = [];

    public int Total
    {
        get
        {
            lock (_counts)
            {
                return _counts.Values.Sum();
            }
        }
    }

    public int Count(string operation)
    {
        lock (_counts)
        {
            return _counts.GetValueOrDefault(operation);
        }
    }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Counter(this, new SocketsHttpHandler()));

    private sealed class Counter(CountingHttpClientFactory owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var v) ? v.First() : "?";
            var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
            lock (owner._counts)
            {
                owner._counts[operation] = owner._counts.GetValueOrDefault(operation) + 1;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
