using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LambdaSuite.Remediator.Aws;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.Remediator.Model;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Remediator.Tests.Fakes;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Aws;

/// <summary>The exact DynamoDB requests the lock sends, seen at the HTTP layer.</summary>
public sealed partial class DynamoDbRemediationLockTests : IDisposable
{
    private static readonly ServiceTarget Target = new("prod", "api");
    private readonly RecordingHttpClientFactory _http = new(offline: true);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
    private readonly DynamoDbRemediationLock _lock;

    public DynamoDbRemediationLockTests()
    {
        _lock = new DynamoDbRemediationLock(new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), _http.Offline(new AmazonDynamoDBConfig())), "locks", TimeSpan.FromMinutes(10), _clock);
        _dynamoLock = new DynamoDbRemediationLock(_dynamo.CreateClient(), "locks", TimeSpan.FromMinutes(10), _clock);
    }

    public void Dispose()
    {
        _http.Dispose();
        _dynamo.Dispose();
    }

    private static AlarmEvent Alarm => Events.Parse(Events.EventBridge("api-errors", id: "evt-1"));

    private long Now => _clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>The invocation's end, as the handler passes it: the lock's in-progress expiry.</summary>
    private DateTimeOffset Deadline => _clock.GetUtcNow().AddSeconds(30);

    private static string Attr(JsonElement item, string name, string type) => item.GetProperty(name).GetProperty(type).GetString()!;

    [Fact]
    public async Task Acquire_is_one_conditional_PutItem_keyed_by_service()
    {
        var attempt = await _lock.TryAcquireAsync(Target, Alarm, dryRun: false, Deadline, default);

        var (operation, body) = Assert.Single(_http.Requests);
        Assert.Equal("PutItem", operation);
        Assert.Equal("locks", body.GetProperty("TableName").GetString());
        Assert.Equal("attribute_not_exists(PK) OR expiresAt <= :now OR (#status = :inProgress AND inProgressExpiresAtMs < :nowMs)", body.GetProperty("ConditionExpression").GetString());
        Assert.Equal("status", body.GetProperty("ExpressionAttributeNames").GetProperty("#status").GetString());
        var values = body.GetProperty("ExpressionAttributeValues");
        Assert.Equal(Now.ToString(CultureInfo.InvariantCulture), Attr(values, ":now", "N"));
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), Attr(values, ":nowMs", "N"));
        Assert.Equal("IN_PROGRESS", Attr(values, ":inProgress", "S"));
        Assert.Equal("ALL_OLD", body.GetProperty("ReturnValues").GetString());
        var item = body.GetProperty("Item");
        Assert.Equal("LOCK#prod#api", Attr(item, "PK", "S"));
        Assert.Equal("IN_PROGRESS", Attr(item, "status", "S"));
        Assert.Equal(Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), Attr(item, "inProgressExpiresAtMs", "N"));
        Assert.Equal((Now + 600).ToString(CultureInfo.InvariantCulture), Attr(item, "expiresAt", "N"));
        Assert.Equal((Now + 600 + (7 * 86_400)).ToString(CultureInfo.InvariantCulture), Attr(item, "ttl", "N"));
        Assert.Equal("api-errors", Attr(item, "alarmName", "S"));
        Assert.Equal("evt-1", Attr(item, "eventId", "S"));
        Assert.Equal("2026-11-22T10:00:00.000Z", Attr(item, "acquiredAt", "S"));
        Assert.Equal(attempt.Lease!.Owner, Attr(item, "owner", "S"));
        Assert.Equal(_clock.GetUtcNow().AddMinutes(10), attempt.Lease.ExpiresAt);
    }

    [Fact]
    public async Task Every_acquire_gets_its_own_owner_token()
    {
        var a = await _lock.TryAcquireAsync(Target, Alarm, false, Deadline, default);
        var b = await _lock.TryAcquireAsync(Target, Alarm, false, Deadline, default);

        Assert.NotEqual(a.Lease!.Owner, b.Lease!.Owner);
    }

    [Fact]
    public async Task Dry_runs_lock_a_separate_key()
    {
        await _lock.TryAcquireAsync(Target, Alarm, dryRun: true, Deadline, default);

        Assert.Equal("DRYRUN#prod#api", Attr(_http.Requests[0].Body.GetProperty("Item"), "PK", "S"));
    }

    [Fact]
    public async Task The_lease_ends_on_the_whole_second_stored_as_expiresAt_rounded_up_never_before_the_cooldown()
    {
        _clock.Advance(TimeSpan.FromMilliseconds(250));

        var attempt = await _lock.TryAcquireAsync(Target, Alarm, false, Deadline, default);

        var expected = new DateTimeOffset(2026, 11, 22, 10, 10, 1, TimeSpan.Zero);
        Assert.Equal(expected, attempt.Lease!.ExpiresAt);
        Assert.Equal(expected.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), Attr(_http.Requests[0].Body.GetProperty("Item"), "expiresAt", "N"));
    }

    [Fact]
    public async Task Losing_the_condition_costs_one_call_when_DynamoDB_returns_the_holder()
    {
        _http.Responses["PutItem"] = (HttpStatusCode.BadRequest, RecordingHttpClientFactory.ConditionalCheckFailed("{\"owner\":{\"S\":\"someone-else\"}}"));

        var attempt = await _lock.TryAcquireAsync(Target, Alarm, false, Deadline, default);

        Assert.Null(attempt.Lease);
        Assert.Single(_http.Requests);
    }

    [Fact]
    public async Task Without_the_holder_in_the_error_one_consistent_GetItem_reads_it()
    {
        _http.Responses["PutItem"] = (HttpStatusCode.BadRequest, RecordingHttpClientFactory.ConditionalCheckFailed());
        _http.Responses["GetItem"] = (HttpStatusCode.OK, "{\"Item\":{\"owner\":{\"S\":\"someone-else\"},\"expiresAt\":{\"N\":\"1795000000\"},\"alarmName\":{\"S\":\"first\"}}}");

        var attempt = await _lock.TryAcquireAsync(Target, Alarm, false, Deadline, default);

        Assert.Null(attempt.Lease);
        Assert.Equal(("first", DateTimeOffset.FromUnixTimeSeconds(1_795_000_000)), (attempt.HeldBy, attempt.HeldUntil));
        Assert.Equal(["PutItem", "GetItem"], _http.Requests.Select(r => r.Operation));
        var get = _http.Requests[1].Body;
        Assert.True(get.GetProperty("ConsistentRead").GetBoolean());
        Assert.Equal("LOCK#prod#api", Attr(get.GetProperty("Key"), "PK", "S"));
    }

    [Fact]
    public async Task A_GetItem_that_fails_fails_the_acquire_and_deletes_our_item_in_case_it_is_ours()
    {
        _http.Responses["PutItem"] = (HttpStatusCode.BadRequest, RecordingHttpClientFactory.ConditionalCheckFailed());
        _http.Responses["GetItem"] = (HttpStatusCode.InternalServerError, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"x\"}");

        await Assert.ThrowsAnyAsync<Amazon.DynamoDBv2.AmazonDynamoDBException>(() => _lock.TryAcquireAsync(Target, Alarm, false, Deadline, default));

        Assert.Equal(["PutItem", "GetItem", "DeleteItem"], _http.Requests.Select(r => r.Operation));
    }

    [Fact]
    public async Task When_DynamoDB_returns_the_holder_it_is_reported()
    {
        _http.Responses["PutItem"] = (HttpStatusCode.BadRequest, RecordingHttpClientFactory.ConditionalCheckFailed(
            "{\"PK\":{\"S\":\"LOCK#prod#api\"},\"expiresAt\":{\"N\":\"1795000000\"},\"alarmName\":{\"S\":\"first-alarm\"}}"));

        var attempt = await _lock.TryAcquireAsync(Target, Alarm, false, Deadline, default);

        Assert.Null(attempt.Lease);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_795_000_000), attempt.HeldUntil);
        Assert.Equal("first-alarm", attempt.HeldBy);
        Assert.Equal("ALL_OLD", _http.Requests[0].Body.GetProperty("ReturnValuesOnConditionCheckFailure").GetString());
    }

    [Fact]
    public async Task Other_DynamoDB_errors_propagate()
    {
        _http.Responses["PutItem"] = (HttpStatusCode.BadRequest, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\",\"message\":\"Requested resource not found\"}");

        await Assert.ThrowsAsync<Amazon.DynamoDBv2.Model.ResourceNotFoundException>(() => _lock.TryAcquireAsync(Target, Alarm, false, Deadline, default));
    }

    [Fact]
    public async Task A_failed_acquire_deletes_its_item_in_case_the_write_was_applied()
    {
        _http.Responses["PutItem"] = (HttpStatusCode.InternalServerError, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"try again\"}");

        await Assert.ThrowsAnyAsync<Amazon.DynamoDBv2.AmazonDynamoDBException>(() => _lock.TryAcquireAsync(Target, Alarm, false, Deadline, default));

        Assert.Equal(["PutItem", "DeleteItem"], _http.Requests.Select(r => r.Operation));
        var owner = Attr(_http.Requests[0].Body.GetProperty("Item"), "owner", "S");
        var delete = _http.Requests[1].Body;
        Assert.Equal("#owner = :owner", delete.GetProperty("ConditionExpression").GetString());
        Assert.Equal(owner, Attr(delete.GetProperty("ExpressionAttributeValues"), ":owner", "S"));
    }

    [Fact]
    public async Task Recording_the_outcome_is_an_UpdateItem_conditioned_on_our_owner()
    {
        var lease = new LockLease("LOCK#prod#api", "owner-1", _clock.GetUtcNow().AddMinutes(10));

        await _lock.RecordAsync(lease, StopOutcome.Stopped, "arn:task/1", freeNow: false, default);

        var (operation, body) = Assert.Single(_http.Requests);
        Assert.Equal("UpdateItem", operation);
        Assert.Equal("LOCK#prod#api", Attr(body.GetProperty("Key"), "PK", "S"));
        Assert.Equal("#owner = :owner", body.GetProperty("ConditionExpression").GetString());
        var values = body.GetProperty("ExpressionAttributeValues");
        Assert.Equal("owner-1", Attr(values, ":owner", "S"));
        Assert.Equal("COMPLETED", Attr(values, ":status", "S"));
        Assert.Equal("stopped", Attr(values, ":outcome", "S"));
        Assert.Equal("arn:task/1", Attr(values, ":taskArn", "S"));
        Assert.DoesNotContain("expiresAt", body.GetProperty("UpdateExpression").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Freeing_now_moves_the_expiry_into_the_past()
    {
        var lease = new LockLease("LOCK#prod#api", "owner-1", _clock.GetUtcNow().AddMinutes(10));

        await _lock.RecordAsync(lease, StopOutcome.NothingToStop, null, freeNow: true, default);

        var body = _http.Requests[0].Body;
        Assert.Contains("expiresAt = :expired", body.GetProperty("UpdateExpression").GetString(), StringComparison.Ordinal);
        Assert.Equal((Now - 1).ToString(CultureInfo.InvariantCulture), Attr(body.GetProperty("ExpressionAttributeValues"), ":expired", "N"));
        Assert.Equal("nothing-to-stop", Attr(body.GetProperty("ExpressionAttributeValues"), ":outcome", "S"));
    }

    [Fact]
    public async Task A_failed_stop_is_recorded_as_FAILED()
    {
        await _lock.RecordAsync(new LockLease("LOCK#prod#api", "o", _clock.GetUtcNow()), StopOutcome.StopFailed, "arn:t", false, default);

        Assert.Equal("FAILED", Attr(_http.Requests[0].Body.GetProperty("ExpressionAttributeValues"), ":status", "S"));
    }

    [Fact]
    public async Task Release_is_a_DeleteItem_conditioned_on_our_owner()
    {
        await _lock.ReleaseAsync(new LockLease("LOCK#prod#api", "owner-1", _clock.GetUtcNow()), default);

        var (operation, body) = Assert.Single(_http.Requests);
        Assert.Equal("DeleteItem", operation);
        Assert.Equal("LOCK#prod#api", Attr(body.GetProperty("Key"), "PK", "S"));
        Assert.Equal("#owner = :owner", body.GetProperty("ConditionExpression").GetString());
        Assert.Equal("owner", body.GetProperty("ExpressionAttributeNames").GetProperty("#owner").GetString());
        Assert.Equal("owner-1", Attr(body.GetProperty("ExpressionAttributeValues"), ":owner", "S"));
    }
}
