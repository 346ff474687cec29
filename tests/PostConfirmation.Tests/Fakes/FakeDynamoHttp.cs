using System.Net;
using System.Text;
using Amazon.Runtime;

namespace PostConfirmation.Tests.Fakes;

/// <summary>
/// Stands in for DynamoDB at the HTTP level, so tests see the exact request the SDK sends and the
/// SDK parses real-shaped responses (including its retry and error mapping).
/// </summary>
internal sealed class FakeDynamoHttp : HttpClientFactory
{
    private readonly Func<int, (HttpStatusCode Status, string Body)> _respond;
    private readonly List<string> _bodies = [];
    private readonly Lock _gate = new();

    public FakeDynamoHttp(Func<int, (HttpStatusCode Status, string Body)> respond) => _respond = respond;

    public IReadOnlyList<string> RequestBodies
    {
        get
        {
            lock (_gate)
            {
                return [.. _bodies];
            }
        }
    }

    public List<string> Targets { get; } = [];

    /// <summary>When set, every request hangs until its token is cancelled; this runs first, with that token (tests move a fake clock here).</summary>
    public Action<CancellationToken>? Hang { get; set; }

    public static (HttpStatusCode, string) Ok() => (HttpStatusCode.OK, "{}");

    /// <param name="item">The existing item, as DynamoDB returns it with ReturnValuesOnConditionCheckFailure=ALL_OLD.</param>
    public static (HttpStatusCode, string) ConditionFailed(string? item = null)
        => (HttpStatusCode.BadRequest, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\",\"message\":\"The conditional request failed\""
            + (item is null ? string.Empty : ",\"Item\":" + item) + "}");

    public static (HttpStatusCode, string) InternalError()
        => (HttpStatusCode.InternalServerError, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"boom\"}");

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this));

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class Handler(FakeDynamoHttp owner) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            int index;
            lock (owner._gate)
            {
                owner._bodies.Add(body);
                owner.Targets.Add(request.Headers.TryGetValues("X-Amz-Target", out var t) ? string.Join(',', t) : string.Empty);
                index = owner._bodies.Count - 1;
            }

            if (owner.Hang is { } hang)
            {
                hang(cancellationToken);
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var (status, json) = owner._respond(index);
            return new HttpResponseMessage(status)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.0"),
            };
        }
    }
}
