using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Remediator.Tests.Fakes;

/// <summary>
/// Stands in for DynamoDB at the HTTP layer, so lock tests see the exact JSON the SDK sends
/// (operation, condition, attribute values) without mocking the SDK's large interface.
/// </summary>
internal sealed class RecordingDynamoHandler : HttpMessageHandler
{
    public List<(string Operation, JsonElement Body)> Requests { get; } = [];

    /// <summary>Operation → (status, body). Unlisted operations answer 200 "{}".</summary>
    public Dictionary<string, (HttpStatusCode Status, string Body)> Responses { get; } = [];

    public static string ConditionalCheckFailed(string? itemJson = null)
        => "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\",\"message\":\"The conditional request failed\""
           + (itemJson is null ? string.Empty : ",\"Item\":" + itemJson) + "}";

    public IAmazonDynamoDB CreateClient() => new AmazonDynamoDBClient(
        new BasicAWSCredentials("test", "test"),
        new AmazonDynamoDBConfig
        {
            ServiceURL = "http://dynamodb.invalid",
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            HttpClientFactory = new Factory(this),
        });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : "?";
        var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var body = request.Content is null ? "{}" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add((operation, JsonDocument.Parse(body).RootElement.Clone()));
        }

        var (status, json) = Responses.TryGetValue(operation, out var r) ? r : (HttpStatusCode.OK, "{}");
        return new HttpResponseMessage(status)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.0"),
        };
    }

    private sealed class Factory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
    }
}
