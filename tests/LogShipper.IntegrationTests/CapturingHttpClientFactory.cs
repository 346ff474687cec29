using System.Collections.Concurrent;
using Amazon.Runtime;

namespace LogShipper.IntegrationTests;

/// <summary>One S3 request as it left the SDK: what the emulator cannot show us (SSE, owners, If-Match) is visible here.</summary>
public sealed record WireRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;

    public bool IsCopyObject => Method == "PUT" && Header("x-amz-copy-source") is not null && !Uri.Query.Contains("uploadId", StringComparison.Ordinal);

    public bool IsUploadPartCopy => Method == "PUT" && Header("x-amz-copy-source") is not null && Uri.Query.Contains("uploadId", StringComparison.Ordinal);
}

/// <summary>Gives the SDK an HttpClient whose handler records every request on the wire.</summary>
public sealed class CapturingHttpClientFactory : HttpClientFactory
{
    public ConcurrentQueue<WireRequest> Requests { get; } = new();

    /// <summary>When it returns a response, that answer is given instead of sending the request (injected S3 faults).</summary>
    public Func<HttpRequestMessage, HttpResponseMessage?>? Fault { get; set; }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Recorder(this, new SocketsHttpHandler()));

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class Recorder(CapturingHttpClientFactory owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, values) in request.Headers)
            {
                headers[name.ToLowerInvariant()] = string.Join(",", values);
            }

            if (request.Content is not null)
            {
                foreach (var (name, values) in request.Content.Headers)
                {
                    headers[name.ToLowerInvariant()] = string.Join(",", values);
                }
            }

            owner.Requests.Enqueue(new WireRequest(request.Method.Method, request.RequestUri!, headers));
            return owner.Fault?.Invoke(request) is { } injected ? Task.FromResult(injected) : base.SendAsync(request, cancellationToken);
        }
    }
}
