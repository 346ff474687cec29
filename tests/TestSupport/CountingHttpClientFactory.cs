using Amazon.Runtime;

namespace LambdaSuite.TestSupport;

/// <summary>
/// Counts the HTTP requests an AWS SDK client sends (each retry attempt is a request), by operation:
/// the <c>X-Amz-Target</c> operation for JSON protocols (DynamoDB), the HTTP method for S3.
/// Plug in through <c>ClientConfig.HttpClientFactory</c>; requests pass through unchanged.
/// </summary>
public sealed class CountingHttpClientFactory : HttpClientFactory
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Added before each request, to stand in for the round trip to a real AWS endpoint.</summary>
    public int LatencyMs { get; set; }

    /// <summary>
    /// Optional fault injection: called with the request, its operation and the way to send it on;
    /// it may send it and then lose the answer, answer itself, or hold the request back.
    /// </summary>
    public Func<HttpRequestMessage, string, Func<CancellationToken, Task<HttpResponseMessage>>, CancellationToken, Task<HttpResponseMessage>>? Intercept { get; set; }

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

    public void Reset()
    {
        lock (_counts)
        {
            _counts.Clear();
        }
    }

    /// <summary>"PutItem 50, UpdateItem 1": the counts by operation.</summary>
    public override string ToString()
    {
        lock (_counts)
        {
            return string.Join(", ", _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));
        }
    }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        // Keep the client's connect timeout: budgets measured through this factory must stay real.
        var transport = new SocketsHttpHandler { ConnectTimeout = clientConfig.ConnectTimeout ?? Timeout.InfiniteTimeSpan };
        return new HttpClient(new Counter(this, transport));
    }

    // One HttpClient per SDK client, never shared with clients that do not count.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private string Record(HttpRequestMessage request)
    {
        var operation = request.Headers.TryGetValues("X-Amz-Target", out var target)
            ? target.First()[(target.First().IndexOf('.', StringComparison.Ordinal) + 1)..]
            : request.Method.Method;
        lock (_counts)
        {
            _counts[operation] = _counts.GetValueOrDefault(operation) + 1;
        }

        return operation;
    }

    private sealed class Counter(CountingHttpClientFactory owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var operation = owner.Record(request);
            if (owner.LatencyMs > 0)
            {
                await Task.Delay(owner.LatencyMs, cancellationToken);
            }

            return owner.Intercept is { } intercept
                ? await intercept(request, operation, ct => base.SendAsync(request, ct), cancellationToken)
                : await base.SendAsync(request, cancellationToken);
        }
    }
}
