using System.Globalization;
using System.Net;
using System.Text.Json;
using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Aws;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.Remediator.Model;
using Remediator.Tests.Fakes;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Aws;

/// <summary>
/// Against a DynamoDB that evaluates the conditions: a write applied with its answer lost is still
/// ours; a lock whose holder never got to StopTask stops holding when the holder's invocation
/// ends; a lock whose holder may have stopped a task holds for the cooldown; every takeover is audited.
/// </summary>
public sealed partial class DynamoDbRemediationLockTests
{
    private readonly LostResponseDynamoHandler _dynamo = new();
    private readonly DynamoDbRemediationLock _dynamoLock;

    private static AlarmEvent AlarmNamed(string name) => Events.Parse(Events.EventBridge(name, id: "evt-" + name));

    private DateTimeOffset InvocationEnd => _clock.GetUtcNow().AddSeconds(30);

    private Task<LockAttempt> AcquireAsync(string alarm = "api-errors") => _dynamoLock.TryAcquireAsync(Target, AlarmNamed(alarm), false, InvocationEnd, default);

    [Fact]
    public async Task A_write_applied_but_whose_response_was_lost_is_still_ours_after_the_retry()
    {
        _dynamo.LoseFirstPutResponse = true;

        var attempt = await _dynamoLock.TryAcquireAsync(Target, Alarm, false, Deadline, default);

        Assert.Equal(2, _dynamo.PutItemCalls); // the SDK retried, and the retry lost the condition to our own item
        Assert.NotNull(attempt.Lease);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(10), attempt.Lease.ExpiresAt);
    }

    [Fact]
    public async Task Another_owners_item_still_means_the_lock_is_held()
    {
        Assert.NotNull((await _dynamoLock.TryAcquireAsync(Target, Alarm, false, Deadline, default)).Lease);

        var second = await _dynamoLock.TryAcquireAsync(Target, Alarm, false, Deadline, default);

        Assert.Null(second.Lease);
        Assert.Equal("api-errors", second.HeldBy);
    }

    [Fact]
    public async Task Without_the_old_item_in_the_error_as_on_dynalite_a_lost_response_is_recognised_by_one_read()
    {
        _dynamo.LoseFirstPutResponse = true;
        _dynamo.ReturnsOldItemOnConditionFailure = false;

        var attempt = await _dynamoLock.TryAcquireAsync(Target, Alarm, false, Deadline, default);

        Assert.NotNull(attempt.Lease);
        Assert.Equal(["PutItem", "PutItem", "GetItem"], _dynamo.Operations);
    }

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
        await _dynamoLock.MarkStoppingAsync(first, "arn:task/1", default);
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
    public async Task A_failed_acquires_clean_up_delete_without_an_answer_gives_up_after_its_own_budget()
    {
        _dynamo.LosePutResponses = 3;
        _dynamo.Hangs.Add("DeleteItem");

        var acquire = AcquireAsync("first");
        await _dynamo.Hangs.StartedAsync("DeleteItem");
        _clock.Advance(Budgets.Cleanup - TimeSpan.FromMilliseconds(1));
        Assert.False(_dynamo.Hangs.Ended("DeleteItem"));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_dynamo.Hangs.Ended("DeleteItem"));

        // The acquire's own failure is the one reported; the item it left is IN_PROGRESS until this invocation's end.
        Assert.Equal("connection reset by peer", (await Assert.ThrowsAsync<IOException>(() => acquire)).Message);
        Assert.Equal("IN_PROGRESS", _dynamo.Item("LOCK#prod#api")!["status"]!["S"]!.GetValue<string>());
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

    [Fact]
    public async Task Marking_before_StopTask_restarts_the_cooldown_at_the_mark_rounded_up_to_the_second()
    {
        var acquired = new LockLease("LOCK#prod#api", "owner-1", _clock.GetUtcNow().AddMinutes(10));
        _clock.Advance(TimeSpan.FromSeconds(20.5)); // finding the task took a while

        var marked = await _lock.MarkStoppingAsync(acquired, "arn:task/1", default);

        var expected = new DateTimeOffset(2026, 11, 22, 10, 10, 21, TimeSpan.Zero);
        Assert.Equal(expected, marked.ExpiresAt);
        Assert.Equal((acquired.Key, acquired.Owner), (marked.Key, marked.Owner));
        var values = _http.Requests[0].Body.GetProperty("ExpressionAttributeValues");
        Assert.Equal(expected.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), values.GetProperty(":expires").GetProperty("N").GetString());
        Assert.Equal((expected + DynamoDbRemediationLock.AuditRetention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), values.GetProperty(":ttl").GetProperty("N").GetString());
    }

    [Fact]
    public async Task Marking_before_StopTask_sets_STOPPING_and_drops_the_in_progress_expiry_for_our_owner_only()
    {
        await _lock.MarkStoppingAsync(new LockLease("LOCK#prod#api", "owner-1", _clock.GetUtcNow().AddMinutes(10)), "arn:task/1", default);

        var (operation, body) = Assert.Single(_http.Requests);
        Assert.Equal("UpdateItem", operation);
        Assert.Equal("SET #status = :stopping, taskArn = :taskArn, stopRequestedAt = :at, expiresAt = :expires, #ttl = :ttl REMOVE inProgressExpiresAtMs", body.GetProperty("UpdateExpression").GetString());
        Assert.Equal("#owner = :owner", body.GetProperty("ConditionExpression").GetString());
        var values = body.GetProperty("ExpressionAttributeValues");
        Assert.Equal(("owner-1", "STOPPING", "arn:task/1"), (Attr(values, ":owner", "S"), Attr(values, ":stopping", "S"), Attr(values, ":taskArn", "S")));
    }

    [Fact]
    public async Task Recording_an_outcome_after_a_takeover_keeps_who_was_taken_over_on_the_item()
    {
        var takeover = new LockTakeover("old-owner", "old-alarm", "old-event", "2026-11-22T09:59:00.000Z", DateTimeOffset.Parse("2026-11-22T09:59:30Z", CultureInfo.InvariantCulture));

        await _lock.RecordAsync(new LockLease("LOCK#prod#api", "owner-1", _clock.GetUtcNow(), takeover), StopOutcome.Stopped, "arn:t", false, default);

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
