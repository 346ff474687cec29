using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using LambdaSuite.PostConfirmation;
using LambdaSuite.PostConfirmation.Model;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;
using PostConfirmation.IntegrationTests.Fixtures;
using Xunit;

namespace PostConfirmation.IntegrationTests;

/// <summary>
/// The handler against dynalite and the users table the local stack creates (the template's
/// <c>UsersTable</c>: PK S / SK S). Every test uses its own fresh sub, so tests share the table safely.
/// </summary>
[Collection(LocalAwsGroup.Name)]
public sealed class ProfileCreationTests : IDisposable
{
    private const string Table = "lambdasuite-users";

    private readonly LocalAws _aws;
    private readonly AmazonDynamoDBClient _dynamo;

    public ProfileCreationTests(LocalAws aws)
    {
        _aws = aws;
        // An independent client to inspect and alter the table from outside the code under test.
        _dynamo = new AmazonDynamoDBClient(
            new BasicAWSCredentials(aws.AccessKey, aws.SecretKey),
            new AmazonDynamoDBConfig { ServiceURL = aws.DynamoDbEndpoint.ToString(), AuthenticationRegion = aws.Region });
    }

    [Fact]
    public async Task First_confirmation_creates_the_member_profile()
    {
        var sub = NewSub();
        var handler = NewHandler();

        await handler.InvokeAsync(Events.Confirmation(sub));

        var item = Assert.Single(await ItemsAsync(sub));
        Assert.Equal("USER#" + sub, item["PK"].S);
        Assert.Equal("PROFILE", item["SK"].S);
        Assert.Equal(sub, item["userName"].S);
        Assert.Equal($"user+{sub}@example.com", item["email"].S);
        Assert.Equal("us-east-1_EXAMPLE1", item["userPoolId"].S);
        Assert.Equal("MEMBER", item["role"].S);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", item["createdAt"].S);
        Assert.Equal(1, handler.Sink.MetricSum("ProfilesCreated"));
    }

    [Fact]
    public async Task Second_confirmation_after_promotion_to_admin_changes_nothing()
    {
        var sub = NewSub();
        await NewHandler().InvokeAsync(Events.Confirmation(sub));
        await _dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = Key(sub),
            UpdateExpression = "SET #r = :admin",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#r"] = "role" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":admin"] = new() { S = "ADMIN" } },
        });
        var promoted = Assert.Single(await ItemsAsync(sub));

        var handler = NewHandler();
        await handler.InvokeAsync(Events.Confirmation(sub));

        var after = Assert.Single(await ItemsAsync(sub));
        Assert.Equal("ADMIN", after["role"].S);
        Assert.Equal(Flatten(promoted), Flatten(after));
        Assert.Equal(1, handler.Sink.MetricSum("ProfilesAlreadyExisting"));
        Assert.Equal(0, handler.Sink.MetricSum("ProfilesCreated"));
    }

    [Fact]
    public async Task Confirm_forgot_password_writes_nothing()
    {
        var sub = NewSub();
        var handler = NewHandler();

        await handler.InvokeAsync(Events.Confirmation(sub, "PostConfirmation_ConfirmForgotPassword"));

        Assert.Empty(await ItemsAsync(sub));
        Assert.Equal(1, handler.Sink.MetricSum("ProfilesSkipped"));
    }

    [Fact]
    public async Task Twenty_concurrent_duplicate_confirmations_leave_exactly_one_record()
    {
        var sub = NewSub();
        // Separate handlers (separate execution environments), each stamping its own createdAt.
        var handlers = Enumerable.Range(0, 20)
            .Select(i => NewHandler(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, i, TimeSpan.Zero))))
            .ToList();

        await Task.WhenAll(handlers.Select(h => Task.Run(() => h.InvokeAsync(Events.Confirmation(sub)))));

        var item = Assert.Single(await ItemsAsync(sub));
        Assert.Equal(1, handlers.Sum(h => h.Sink.MetricSum("ProfilesCreated")));
        Assert.Equal(19, handlers.Sum(h => h.Sink.MetricSum("ProfilesAlreadyExisting")));
        // The surviving record is the winner's, untouched by the 19 others.
        var winner = handlers.Single(h => h.Sink.MetricSum("ProfilesCreated") == 1);
        Assert.Equal(winner.Time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), item["createdAt"].S);
    }

    [Fact]
    public async Task A_write_applied_whose_response_was_lost_still_counts_as_created()
    {
        // dynalite applies the PutItem, the answer is dropped; the SDK's retry then fails the condition
        // against our own item, and dynalite returns no item with that failure: one consistent read decides.
        var sub = NewSub();
        var calls = new CountingHttpClientFactory();
        var puts = 0;
        calls.Intercept = async (request, operation, send, ct) =>
        {
            var response = await send(ct);
            return operation == "PutItem" && Interlocked.Increment(ref puts) == 1
                ? throw new HttpRequestException("The response ended prematurely.", new IOException("connection reset by peer"))
                : response;
        };
        var handler = new HandlerUnderTest(_aws.DynamoDbEndpoint, Table, http: calls);

        await handler.InvokeAsync(Events.Confirmation(sub));

        Assert.Single(await ItemsAsync(sub));
        Assert.Equal(1, handler.Sink.MetricSum("ProfilesCreated"));
        Assert.Equal(0, handler.Sink.MetricSum("ProfilesAlreadyExisting"));
        Assert.Equal((2, 1), (calls.Count("PutItem"), calls.Count("GetItem")));
    }

    [Fact]
    public async Task Custom_role_supplied_at_sign_up_is_ignored()
    {
        var sub = NewSub();

        await NewHandler().InvokeAsync(Events.Confirmation(sub, extraAttributes: "\n\"custom:role\": \"ADMIN\", \"role\": \"ADMIN\","));

        var item = Assert.Single(await ItemsAsync(sub));
        Assert.Equal("MEMBER", item["role"].S);
        Assert.False(item.ContainsKey("custom:role"));
    }

    [Fact]
    public async Task The_event_comes_back_byte_for_byte()
    {
        var original = Events.Confirmation(NewSub(), extraAttributes: "\n\"name\": \"J\\u00f6rg \\\"JJ\\\" M\\u00fcller\", \"custom:role\": \"ADMIN\",");

        var returned = await NewHandler().InvokeAsync(original);

        Assert.Equal(original, returned);
    }

    public void Dispose() => _dynamo.Dispose();

    private static string NewSub() => Guid.NewGuid().ToString();

    private static Dictionary<string, AttributeValue> Key(string sub) => new()
    {
        ["PK"] = new() { S = "USER#" + sub },
        ["SK"] = new() { S = "PROFILE" },
    };

    private static Dictionary<string, string> Flatten(Dictionary<string, AttributeValue> item)
        => item.ToDictionary(kv => kv.Key, kv => kv.Value.S);

    private HandlerUnderTest NewHandler(TimeProvider? time = null) => new(_aws.DynamoDbEndpoint, Table, time: time);

    /// <summary>Every item under the user's partition (catches stray extra records, not just the profile).</summary>
    private async Task<List<Dictionary<string, AttributeValue>>> ItemsAsync(string sub)
    {
        var response = await _dynamo.QueryAsync(new QueryRequest
        {
            TableName = Table,
            KeyConditionExpression = "PK = :pk",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = new() { S = "USER#" + sub } },
            ConsistentRead = true,
        });
        return response.Items ?? [];
    }
}
