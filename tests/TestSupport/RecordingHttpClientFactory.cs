using System.Net;
using System.Text;
using Amazon.Runtime;

namespace LambdaSuite.TestSupport;

/// <summary>
/// The HTTP layer of an AWS SDK client, recording every request as it leaves the SDK, so tests can
/// assert what an emulator cannot show (encryption headers, expected owners, conditions, the exact
/// DynamoDB JSON). A request is answered by <see cref="Fault"/> when it returns an answer, else by the
/// <see cref="Responses"/> entry of its operation, else by the endpoint, or offline (nothing behind
/// it) with 200 <c>{}</c>. Plug it in as <c>ClientConfig.HttpClientFactory</c>, or with <see cref="Offline{T}"/>.
/// </summary>
public sealed class RecordingHttpClientFactory(bool offline = false) : HttpClientFactory, IDisposable
{
    private readonly List<HttpMessageInvoker> _transports = [];

    /// <summary>Every request so far, in the order sent.</summary>
    public RecordedRequestCollection Requests { get; } = new();

    /// <summary>Operation → the answer to give instead of sending (status, JSON body).</summary>
    public Dictionary<string, (HttpStatusCode Status, string Body)> Responses { get; } = new(StringComparer.Ordinal);

    /// <summary>When it returns a response, that answer is given instead of sending the request (injected faults).</summary>
    public Func<HttpRequestMessage, HttpResponseMessage?>? Fault { get; set; }

    /// <summary>DynamoDB's answer to a failed condition, with the item when the request asked for it.</summary>
    public static string ConditionalCheckFailed(string? itemJson = null)
        => "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\",\"message\":\"The conditional request failed\""
           + (itemJson is null ? string.Empty : ",\"Item\":" + itemJson) + "}";

    /// <summary>Points an SDK client's configuration at this factory alone: a placeholder endpoint, no retries.</summary>
    public T Offline<T>(T config)
        where T : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        config.ServiceURL = "http://aws.invalid";
        config.AuthenticationRegion = "us-east-1";
        config.MaxErrorRetry = 0;
        config.HttpClientFactory = this;
        return config;
    }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var transport = offline ? null : new HttpMessageInvoker(new SocketsHttpHandler());
        lock (_transports)
        {
            _transports.AddRange(transport is null ? [] : [transport]);
        }

        return new HttpClient(new Recorder(this, transport));
    }

    // One HttpClient per SDK client, never shared with clients that do not record.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public void Dispose()
    {
        lock (_transports)
        {
            _transports.ForEach(t => t.Dispose());
        }
    }

    private sealed class Recorder(RecordingHttpClientFactory owner, HttpMessageInvoker? endpoint) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var recorded = await RecordedRequest.ReadAsync(request, cancellationToken);
            owner.Requests.Add(recorded);

            if (owner.Fault?.Invoke(request) is { } injected)
            {
                return injected;
            }

            if (!owner.Responses.TryGetValue(recorded.Operation, out var answer))
            {
                if (endpoint is not null)
                {
                    return await endpoint.SendAsync(request, cancellationToken);
                }

                answer = (HttpStatusCode.OK, "{}");
            }

            return new HttpResponseMessage(answer.Status) { Content = new StringContent(answer.Body, Encoding.UTF8, "application/x-amz-json-1.0") };
        }
    }
}
