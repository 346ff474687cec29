using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LambdaSuite.Remediator;
using LambdaSuite.TestSupport;
using Remediator.Tests.Fakes;
using Xunit;

namespace Remediator.Tests;

/// <summary>
/// The in-progress expiry: a lock whose holder never got to StopTask stops holding when the
/// holder's invocation ends; a lock whose holder may have stopped a task holds for the cooldown.
/// </summary>
public sealed class LockTakeoverTests : IDisposable
{
    private static readonly ServiceTarget Target = new("prod", "api");
    private readonly ManualClock _clock = new();
    private readonly LostResponseDynamoHandler _dynamo = new();
    private readonly DynamoDbRemediationLock _lock;

    public LockTakeoverTests() => _lock = new DynamoDbRemediationLock(_dynamo.CreateClient(), "locks", TimeSpan.FromMinutes(10), _clock);

    public void Dispose() => _dynamo.Dispose();

    private static AlarmEvent Alarm(string name = "api-errors") => Events.Parse(Events.EventBridge(name, id: "evt-" + name));

    private DateTimeOffset InvocationEnd => _clock.GetUtcNow().AddSeconds(30);

    private Task<LockAttempt> AcquireAsync(string alarm = "api-errors") => _lock.TryAcquireAsync(Target, Alarm(alarm), false, InvocationEnd, default);

    [Fact]
    public async Task An_IN_PROGRESS_lock_holds_until_its_holders_invocation_ends_then_is_taken_over_with_the_holder_named()
    {
        var first = (await AcquireAsync("first")).Lease!;
        _clock.Advance(TimeSpan.FromSeconds(30));
        var during = await AcquireAsync("second");
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        var after = await AcquireAsync("third");

        Assert.Null(during.Lease);
        var takeover = after.Lease!.TakenOver!;
        Assert.Equal((first.Owner, "first", "evt-first", "2026-11-22T10:00:00.000Z"), (takeover.Owner, takeover.AlarmName, takeover.EventId, takeover.AcquiredAt));
        Assert.Equal(_clock.GetUtcNow().AddMilliseconds(-1), takeover.InProgressExpiredAt);
    }

    [Fact]
    public async Task A_lock_marked_for_StopTask_is_never_taken_over_before_its_cooldown()
    {
        var first = (await AcquireAsync()).Lease!;
        await _lock.MarkStoppingAsync(first, "arn:task/1", default);
        // The fake does not apply UpdateItem; the item the mark leaves behind is what real DynamoDB would hold.
        var item = _dynamo.Item("LOCK#prod#api")!;
        item["status"] = new System.Text.Json.Nodes.JsonObject { ["S"] = "STOPPING" };
        item.Remove("inProgressExpiresAtMs");
        _clock.Advance(TimeSpan.FromMinutes(9));

        Assert.Null((await AcquireAsync("later")).Lease);

        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var afterCooldown = await AcquireAsync("later");
        Assert.NotNull(afterCooldown.Lease);
        Assert.Null(afterCooldown.Lease.TakenOver);
    }

    [Fact]
    public async Task Every_acquire_response_lost_and_the_delete_failing_leaves_a_lock_that_frees_itself_after_one_invocation()
    {
        // Path (b): each attempt was applied (or hit our own item) but no answer came back; the clean-up delete fails too.
        _dynamo.LosePutResponses = 3;
        _dynamo.FailDeletes = true;
        await Assert.ThrowsAnyAsync<Exception>(() => AcquireAsync("first"));
        Assert.Equal(["PutItem", "PutItem", "PutItem", "DeleteItem"], _dynamo.Operations.Take(4));
        Assert.NotNull(_dynamo.Item("LOCK#prod#api"));

        var sameInvocation = await AcquireAsync("second");
        _clock.Advance(TimeSpan.FromSeconds(31));
        var nextInvocation = await AcquireAsync("third");

        Assert.Null(sameInvocation.Lease);
        Assert.Equal("first", nextInvocation.Lease!.TakenOver!.AlarmName);
    }

    [Fact]
    public async Task A_completed_lock_past_its_cooldown_is_simply_replaced_not_a_takeover()
    {
        var first = (await AcquireAsync()).Lease!;
        _dynamo.Item("LOCK#prod#api")!["status"] = new System.Text.Json.Nodes.JsonObject { ["S"] = "COMPLETED" };
        _clock.Advance(TimeSpan.FromMinutes(11));

        var next = await AcquireAsync();

        Assert.NotEqual(first.Owner, next.Lease!.Owner);
        Assert.Null(next.Lease.TakenOver);
    }
}

/// <summary>The writes after the acquire, seen at the HTTP layer.</summary>
public sealed class LockWriteTests : IDisposable
{
    private readonly RecordingHttpClientFactory _http = new(offline: true);
    private readonly ManualClock _clock = new();
    private readonly DynamoDbRemediationLock _lock;

    public LockWriteTests() => _lock = new DynamoDbRemediationLock(new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), _http.Offline(new AmazonDynamoDBConfig())), "locks", TimeSpan.FromMinutes(10), _clock);

    public void Dispose() => _http.Dispose();

    private static string Attr(JsonElement item, string name, string type) => item.GetProperty(name).GetProperty(type).GetString()!;

    [Fact]
    public async Task Marking_before_StopTask_sets_STOPPING_and_drops_the_in_progress_expiry_for_our_owner_only()
    {
        await _lock.MarkStoppingAsync(new LockLease("LOCK#prod#api", "owner-1", _clock.GetUtcNow().AddMinutes(10)), "arn:task/1", default);

        var (operation, body) = Assert.Single(_http.Requests);
        Assert.Equal("UpdateItem", operation);
        Assert.Equal("SET #status = :stopping, taskArn = :taskArn, stopRequestedAt = :at REMOVE inProgressExpiresAtMs", body.GetProperty("UpdateExpression").GetString());
        Assert.Equal("#owner = :owner", body.GetProperty("ConditionExpression").GetString());
        var values = body.GetProperty("ExpressionAttributeValues");
        Assert.Equal(("owner-1", "STOPPING", "arn:task/1"), (Attr(values, ":owner", "S"), Attr(values, ":stopping", "S"), Attr(values, ":taskArn", "S")));
    }

    [Fact]
    public async Task Recording_an_outcome_after_a_takeover_keeps_who_was_taken_over_on_the_item()
    {
        var takeover = new LockTakeover("old-owner", "old-alarm", "old-event", "2026-11-22T09:59:00.000Z", DateTimeOffset.Parse("2026-11-22T09:59:30Z", CultureInfo.InvariantCulture));

        await _lock.RecordAsync(new LockLease("LOCK#prod#api", "owner-1", _clock.GetUtcNow(), takeover), LockOutcome.Stopped, "arn:t", false, default);

        var body = _http.Requests[0].Body;
        Assert.EndsWith("takenOverFrom = :previous REMOVE inProgressExpiresAtMs", body.GetProperty("UpdateExpression").GetString(), StringComparison.Ordinal);
        var previous = body.GetProperty("ExpressionAttributeValues").GetProperty(":previous").GetProperty("M");
        Assert.Equal(("old-owner", "old-alarm", "old-event", "2026-11-22T09:59:30.000Z"),
            (Attr(previous, "owner", "S"), Attr(previous, "alarmName", "S"), Attr(previous, "eventId", "S"), Attr(previous, "inProgressExpiredAt", "S")));
    }

    [Fact]
    public async Task A_PutItem_that_replaced_an_IN_PROGRESS_item_reports_the_takeover_from_the_returned_old_item()
    {
        _http.Responses["PutItem"] = (HttpStatusCode.OK,
            "{\"Attributes\":{\"status\":{\"S\":\"IN_PROGRESS\"},\"owner\":{\"S\":\"dead\"},\"alarmName\":{\"S\":\"a\"},\"inProgressExpiresAtMs\":{\"N\":\"1795000000000\"}}}");

        var attempt = await _lock.TryAcquireAsync(new ServiceTarget("prod", "api"), Events.Parse(Events.EventBridge("b")), false, _clock.GetUtcNow().AddSeconds(30), default);

        Assert.Equal(("dead", "a", DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000)),
            (attempt.Lease!.TakenOver!.Owner, attempt.Lease.TakenOver.AlarmName, attempt.Lease.TakenOver.InProgressExpiredAt));
    }
}
