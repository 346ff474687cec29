using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;
using LambdaSuite.PostConfirmation;
using LambdaSuite.PostConfirmation.Aws;
using LambdaSuite.PostConfirmation.Model;
using LambdaSuite.PostConfirmation.Profiles;
using Microsoft.Extensions.Time.Testing;
using PostConfirmation.Tests.Fakes;
using Xunit;

namespace PostConfirmation.Tests.Aws;

public sealed class DynamoDbProfileStoreTests
{
    private static readonly UserProfile Profile = new("sub-1", "user-1", "us-east-1_Pool", "jane@example.com", new DateTimeOffset(2026, 11, 22, 10, 30, 15, 123, TimeSpan.FromHours(2)));

    [Fact]
    public async Task Sends_exactly_one_conditional_PutItem_with_the_profile_record()
    {
        var http = new FakeDynamoHttp(_ => FakeDynamoHttp.Ok());

        var outcome = await Store(http).CreateIfAbsentAsync(Profile);

        Assert.Equal(ProfileCreation.Created, outcome);
        Assert.Equal("DynamoDB_20120810.PutItem", Assert.Single(http.Targets));
        var body = JsonDocument.Parse(Assert.Single(http.RequestBodies)).RootElement;
        Assert.Equal("users", body.GetProperty("TableName").GetString());
        Assert.Equal("attribute_not_exists(PK)", body.GetProperty("ConditionExpression").GetString());
        Assert.Equal("ALL_OLD", body.GetProperty("ReturnValuesOnConditionCheckFailure").GetString());
        var item = body.GetProperty("Item");
        var strings = item.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("S").GetString());
        Assert.Matches("^[0-9a-f]{32}$", strings["creationId"]);
        strings.Remove("creationId");
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["PK"] = "USER#sub-1",
                ["SK"] = "PROFILE",
                ["userName"] = "user-1",
                ["userPoolId"] = "us-east-1_Pool",
                ["email"] = "jane@example.com",
                ["role"] = "MEMBER",
                ["createdAt"] = "2026-11-22T08:30:15.123Z",
            },
            strings);
    }

    [Fact]
    public async Task Profile_without_email_omits_the_attribute()
    {
        var http = new FakeDynamoHttp(_ => FakeDynamoHttp.Ok());

        await Store(http).CreateIfAbsentAsync(Profile with { Email = null });

        var item = JsonDocument.Parse(Assert.Single(http.RequestBodies)).RootElement.GetProperty("Item");
        Assert.False(item.TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Failed_condition_with_another_writes_item_means_the_profile_already_exists_in_one_call()
    {
        var http = new FakeDynamoHttp(_ => FakeDynamoHttp.ConditionFailed(item: "{\"creationId\":{\"S\":\"someone-else\"}}"));

        var outcome = await Store(http).CreateIfAbsentAsync(Profile);

        Assert.Equal(ProfileCreation.AlreadyExists, outcome);
        Assert.Single(http.RequestBodies);
    }

    [Fact]
    public async Task Failed_condition_with_our_own_item_means_our_earlier_attempt_created_it()
    {
        FakeDynamoHttp? http = null;
        http = new FakeDynamoHttp(_ => FakeDynamoHttp.ConditionFailed(item: "{\"creationId\":{\"S\":\"" + CreationId(http!.RequestBodies[0]) + "\"}}"));

        Assert.Equal(ProfileCreation.Created, await Store(http).CreateIfAbsentAsync(Profile));
        Assert.Single(http.RequestBodies);
    }

    [Fact]
    public async Task A_write_applied_whose_response_was_lost_is_counted_as_created_after_one_consistent_read()
    {
        // Attempt 1 reaches DynamoDB but its answer is lost (here: a 500 the SDK retries); the retry fails the
        // condition against our own item and, as on dynalite, the error carries no item.
        FakeDynamoHttp? http = null;
        http = new FakeDynamoHttp(i => i switch
        {
            0 => FakeDynamoHttp.InternalError(),
            1 => FakeDynamoHttp.ConditionFailed(),
            _ => (HttpStatusCode.OK, "{\"Item\":{\"creationId\":{\"S\":\"" + CreationId(http!.RequestBodies[0]) + "\"}}}"),
        });

        var outcome = await Store(http, maxRetries: 1).CreateIfAbsentAsync(Profile);

        Assert.Equal(ProfileCreation.Created, outcome);
        Assert.Equal(["DynamoDB_20120810.PutItem", "DynamoDB_20120810.PutItem", "DynamoDB_20120810.GetItem"], http.Targets);
        var get = JsonDocument.Parse(http.RequestBodies[2]).RootElement;
        Assert.True(get.GetProperty("ConsistentRead").GetBoolean());
        Assert.Equal("USER#sub-1", get.GetProperty("Key").GetProperty("PK").GetProperty("S").GetString());
    }

    [Fact]
    public async Task Without_the_item_in_the_error_another_writes_item_is_already_existing()
    {
        var http = new FakeDynamoHttp(i => i == 0 ? FakeDynamoHttp.ConditionFailed() : (HttpStatusCode.OK, "{\"Item\":{\"creationId\":{\"S\":\"other\"}}}"));

        Assert.Equal(ProfileCreation.AlreadyExists, await Store(http).CreateIfAbsentAsync(Profile));
        Assert.Equal(2, http.RequestBodies.Count);
    }

    [Fact]
    public async Task A_failing_read_after_the_condition_is_already_existing_not_a_failed_confirmation()
    {
        var http = new FakeDynamoHttp(i => i == 0 ? FakeDynamoHttp.ConditionFailed() : FakeDynamoHttp.InternalError());

        Assert.Equal(ProfileCreation.AlreadyExists, await Store(http).CreateIfAbsentAsync(Profile));
    }

    private static string CreationId(string putItemBody)
        => JsonDocument.Parse(putItemBody).RootElement.GetProperty("Item").GetProperty("creationId").GetProperty("S").GetString()!;

    [Fact]
    public async Task Server_errors_are_retried_MaxRetries_times_then_fail_with_a_one_line_message()
    {
        var http = new FakeDynamoHttp(_ => FakeDynamoHttp.InternalError());

        var error = await Assert.ThrowsAsync<ProfileStoreException>(() => Store(http, maxRetries: 1).CreateIfAbsentAsync(Profile));

        Assert.Equal(2, http.RequestBodies.Count);
        Assert.StartsWith("DynamoDB PutItem on table users failed after ", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 attempts of at most 1000 ms): InternalServerError: \"boom\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Service_error_text_in_the_message_is_masked_escaped_and_capped()
    {
        var text = "Item for jane.doe@example.com rejected\\n" + new string('z', 1000);
        var http = new FakeDynamoHttp(_ => (HttpStatusCode.BadRequest, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ValidationException\",\"message\":\"" + text + "\"}"));

        var error = await Assert.ThrowsAsync<ProfileStoreException>(() => Store(http).CreateIfAbsentAsync(Profile));

        Assert.Contains("ValidationException: \"Item for j***@example.com rejected\\u000azzz", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(new string('z', 301), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transient_error_followed_by_success_creates_the_profile()
    {
        var http = new FakeDynamoHttp(i => i == 0 ? FakeDynamoHttp.InternalError() : FakeDynamoHttp.Ok());

        Assert.Equal(ProfileCreation.Created, await Store(http, maxRetries: 1).CreateIfAbsentAsync(Profile));
        Assert.Equal(2, http.RequestBodies.Count);
    }

    [Fact]
    public async Task The_configured_deadline_ends_a_hung_call_on_the_functions_clock_naming_both_limits()
    {
        var time = new FakeTimeProvider();
        var cancelled = new List<bool>();
        var http = new FakeDynamoHttp(_ => FakeDynamoHttp.Ok())
        {
            Hang = token =>
            {
                time.Advance(TimeSpan.FromMilliseconds(3000) - TimeSpan.FromTicks(1));
                cancelled.Add(token.IsCancellationRequested);
                time.Advance(TimeSpan.FromTicks(1));
                cancelled.Add(token.IsCancellationRequested);
            },
        };
        // An attempt timeout as long as the deadline: only the deadline can end the hung attempt here.
        var settings = new PostConfirmationSettings { TableName = "users" } with { AttemptTimeout = TimeSpan.FromMilliseconds(3000), MaxRetries = 0 };

        var error = await Assert.ThrowsAsync<ProfileStoreException>(() => Store(http, settings, time).CreateIfAbsentAsync(Profile));

        Assert.Equal([false, true], cancelled);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
        Assert.StartsWith("DynamoDB PutItem on table users failed after 3000 ms (deadline 3000 ms, 1 attempts of at most 3000 ms): ", error.Message, StringComparison.Ordinal);
    }

    private static DynamoDbProfileStore Store(FakeDynamoHttp http, int maxRetries = 0)
        => Store(http, new PostConfirmationSettings { TableName = "users" } with { MaxRetries = maxRetries }, new FakeTimeProvider());

    private static DynamoDbProfileStore Store(FakeDynamoHttp http, PostConfirmationSettings settings, TimeProvider time)
    {
        var config = AwsClientFactory.Config<AmazonDynamoDBConfig>("DYNAMODB", settings.DynamoDbLimits, new EnvironmentReader(_ => null));
        config.HttpClientFactory = http;
        config.ServiceURL = "http://dynamodb.test";
        config.AuthenticationRegion = "us-east-1";
        var client = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), config);
        return new DynamoDbProfileStore(client, settings, time);
    }
}
