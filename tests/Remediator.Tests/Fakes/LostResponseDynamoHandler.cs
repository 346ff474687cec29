using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LambdaSuite.Remediator.Aws;

namespace Remediator.Tests.Fakes;

/// <summary>
/// A one-table DynamoDB at the HTTP layer that evaluates the lock's acquire condition (including
/// the in-progress expiry) and the brake marker's claim condition against the items it holds,
/// answers GetItem and owner-conditioned DeleteItem, and can apply a PutItem and then lose its
/// response, as a timeout after the write reached DynamoDB does. The SDK (MaxErrorRetry 2, as in
/// production) then retries.
/// </summary>
internal sealed class LostResponseDynamoHandler : HttpMessageHandler
{
    private readonly Dictionary<string, JsonObject> _items = [];

    /// <summary>How many PutItem calls, from the first, are applied (when their condition holds) but answered with a dropped connection.</summary>
    public int LosePutResponses { get; set; }

    public bool LoseFirstPutResponse { set => LosePutResponses = value ? 1 : 0; }

    /// <summary>False behaves like dynalite, which ignores ReturnValuesOnConditionCheckFailure.</summary>
    public bool ReturnsOldItemOnConditionFailure { get; set; } = true;

    public bool FailDeletes { get; set; }

    /// <summary>Operations answered only when their token fires.</summary>
    public Hangs Hangs { get; } = new();

    public List<string> Operations { get; } = [];

    public int PutItemCalls => Operations.Count(o => o == "PutItem");

    public JsonObject? Item(string key) => _items.TryGetValue(key, out var item) ? item : null;

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
        var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))!.AsObject();
        Operations.Add(operation);
        await Hangs.WaitIfHangingAsync(operation, cancellationToken).ConfigureAwait(false);
        return operation switch
        {
            "PutItem" => Put(body),
            "GetItem" => Json(HttpStatusCode.OK, _items.TryGetValue(Key(body), out var item) ? "{\"Item\":" + item.ToJsonString() + "}" : "{}"),
            "DeleteItem" => Delete(body),
            _ => Json(HttpStatusCode.OK, "{}"),
        };
    }

    private HttpResponseMessage Put(JsonObject body)
    {
        var item = body["Item"]!.AsObject();
        var key = item["PK"]!["S"]!.GetValue<string>();
        var values = body["ExpressionAttributeValues"]!;
        var held = _items.GetValueOrDefault(key);
        var free = held is null || (body["ConditionExpression"]!.GetValue<string>() == DynamoDbRemediationLock.ClaimCondition
            ? Number(held["spentSinceMs"]) < Number(values[":spentSinceMs"])
            : Number(held["expiresAt"]) <= Number(values[":now"])
                || (held["status"]?["S"]?.GetValue<string>() == "IN_PROGRESS" && held["inProgressExpiresAtMs"] is { } ms && Number(ms) < Number(values[":nowMs"])));
        HttpResponseMessage response;
        if (free)
        {
            _items[key] = (JsonObject)item.DeepClone();
            response = Json(HttpStatusCode.OK, held is not null && body["ReturnValues"]?.GetValue<string>() == "ALL_OLD" ? "{\"Attributes\":" + held.ToJsonString() + "}" : "{}");
        }
        else
        {
            var old = ReturnsOldItemOnConditionFailure && body["ReturnValuesOnConditionCheckFailure"]?.GetValue<string>() == "ALL_OLD" ? ",\"Item\":" + held!.ToJsonString() : string.Empty;
            response = Json(HttpStatusCode.BadRequest, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\",\"message\":\"The conditional request failed\"" + old + "}");
        }

        if (PutItemCalls <= LosePutResponses)
        {
            response.Dispose();
            throw new HttpRequestException("The response ended prematurely.", new IOException("connection reset by peer"));
        }

        return response;
    }

    private HttpResponseMessage Delete(JsonObject body)
    {
        if (FailDeletes)
        {
            return Json(HttpStatusCode.InternalServerError, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"down\"}");
        }

        var key = Key(body);
        var owner = body["ExpressionAttributeValues"]![":owner"]!["S"]!.GetValue<string>();
        if (_items.TryGetValue(key, out var held) && held["owner"]!["S"]!.GetValue<string>() == owner)
        {
            _items.Remove(key);
            return Json(HttpStatusCode.OK, "{}");
        }

        return Json(HttpStatusCode.BadRequest, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\",\"message\":\"The conditional request failed\"}");
    }

    private static string Key(JsonObject body) => body["Key"]!["PK"]!["S"]!.GetValue<string>();

    private static long Number(JsonNode? value) => long.Parse(value!["N"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    private static HttpResponseMessage Json(HttpStatusCode status, string json)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.0") };

    private sealed class Factory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
    }
}
