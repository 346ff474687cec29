using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Remediator.Tests.Fakes;

/// <summary>
/// A one-table DynamoDB at the HTTP layer that evaluates the lock's acquire condition against the
/// items it holds, and can apply the first PutItem and then lose its response, as a timeout after
/// the write reached DynamoDB does. The SDK (MaxErrorRetry 2, as in production) then retries.
/// </summary>
internal sealed class LostResponseDynamoHandler : HttpMessageHandler
{
    private readonly Dictionary<string, JsonElement> _items = [];

    public bool LoseFirstPutResponse { get; set; }

    /// <summary>False behaves like dynalite, which ignores ReturnValuesOnConditionCheckFailure.</summary>
    public bool ReturnsOldItemOnConditionFailure { get; set; } = true;

    public int PutItemCalls { get; private set; }

    public IAmazonDynamoDB CreateClient() => new AmazonDynamoDBClient(
        new BasicAWSCredentials("test", "test"),
        new AmazonDynamoDBConfig
        {
            ServiceURL = "http://dynamodb.invalid",
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 2,
            HttpClientFactory = new Factory(this),
        });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.Headers.GetValues("X-Amz-Target").First();
        if (!target.EndsWith(".PutItem", StringComparison.Ordinal))
        {
            return Json(HttpStatusCode.OK, "{}");
        }

        var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
        PutItemCalls++;
        var item = body.GetProperty("Item");
        var key = item.GetProperty("PK").GetProperty("S").GetString()!;
        var now = long.Parse(body.GetProperty("ExpressionAttributeValues").GetProperty(":now").GetProperty("N").GetString()!, CultureInfo.InvariantCulture);
        if (_items.TryGetValue(key, out var held)
            && long.Parse(held.GetProperty("expiresAt").GetProperty("N").GetString()!, CultureInfo.InvariantCulture) >= now)
        {
            var old = ReturnsOldItemOnConditionFailure && body.TryGetProperty("ReturnValuesOnConditionCheckFailure", out var rv) && rv.GetString() == "ALL_OLD"
                ? ",\"Item\":" + held.GetRawText()
                : string.Empty;
            return Json(HttpStatusCode.BadRequest,
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\",\"message\":\"The conditional request failed\"" + old + "}");
        }

        _items[key] = item;
        if (LoseFirstPutResponse && PutItemCalls == 1)
        {
            throw new HttpRequestException("The response ended prematurely.", new IOException("connection reset by peer"));
        }

        return Json(HttpStatusCode.OK, "{}");
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.0") };

    private sealed class Factory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
    }
}
