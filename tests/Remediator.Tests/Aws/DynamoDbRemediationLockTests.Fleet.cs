using System.Globalization;
using System.Net;
using LambdaSuite.Remediator.Aws;
using LambdaSuite.Remediator.Locking;
using LambdaSuite.TestSupport;
using Xunit;

namespace Remediator.Tests.Aws;

/// <summary>
/// The fleet budget's items on the lock table: a slot is the lock's own item under another key,
/// held for the window; the brake's marker is one conditional PutItem that is never taken over early.
/// </summary>
public sealed partial class DynamoDbRemediationLockTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task A_slot_is_the_locks_conditional_PutItem_under_its_key_held_for_the_window()
    {
        var attempt = await _lock.TryAcquireAsync("FLEET#prod#SLOT#2", Window, Target, Alarm, Deadline, default);

        var (operation, body) = Assert.Single(_http.Requests);
        Assert.Equal("PutItem", operation);
        Assert.Equal(DynamoDbRemediationLock.AcquireCondition, body.GetProperty("ConditionExpression").GetString());
        var item = body.GetProperty("Item");
        Assert.Equal(("FLEET#prod#SLOT#2", "IN_PROGRESS", "prod", "api"), (Attr(item, "PK", "S"), Attr(item, "status", "S"), Attr(item, "cluster", "S"), Attr(item, "service", "S")));
        Assert.Equal(Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), Attr(item, "inProgressExpiresAtMs", "N"));
        Assert.Equal((Now + 900).ToString(CultureInfo.InvariantCulture), Attr(item, "expiresAt", "N"));
        Assert.Equal((_clock.GetUtcNow() + Window, Window), (attempt.Lease!.ExpiresAt, attempt.Lease.Hold));
    }

    [Fact]
    public async Task Marking_a_slot_restarts_its_window_not_the_cooldown()
    {
        var slot = (await _lock.TryAcquireAsync("FLEET#prod#SLOT#0", Window, Target, Alarm, Deadline, default)).Lease!;
        _clock.Advance(TimeSpan.FromSeconds(20));

        var marked = await _lock.MarkStoppingAsync(slot, "arn:task/1", default);

        Assert.Equal(_clock.GetUtcNow() + Window, marked.ExpiresAt);
        Assert.Equal((Now + 900).ToString(CultureInfo.InvariantCulture), Attr(_http.Requests[1].Body.GetProperty("ExpressionAttributeValues"), ":expires", "N"));
    }

    [Fact]
    public async Task The_brake_marker_is_one_conditional_PutItem_that_holds_until_the_time_given_and_is_never_IN_PROGRESS()
    {
        var until = _clock.GetUtcNow().AddMinutes(7).AddMilliseconds(300);

        Assert.True(await _lock.TryClaimAsync("FLEET#prod#BRAKE", until, Target, Alarm, default));

        var (operation, body) = Assert.Single(_http.Requests);
        Assert.Equal("PutItem", operation);
        Assert.Equal(DynamoDbRemediationLock.AcquireCondition, body.GetProperty("ConditionExpression").GetString());
        var item = body.GetProperty("Item");
        Assert.Equal(("FLEET#prod#BRAKE", "CLAIMED", "api-errors"), (Attr(item, "PK", "S"), Attr(item, "status", "S"), Attr(item, "alarmName", "S")));
        Assert.Equal((Now + 421).ToString(CultureInfo.InvariantCulture), Attr(item, "expiresAt", "N"));
        Assert.False(item.TryGetProperty("inProgressExpiresAtMs", out _));
    }

    [Fact]
    public async Task A_held_brake_marker_is_not_claimed_again()
    {
        _http.Responses["PutItem"] = (HttpStatusCode.BadRequest, RecordingHttpClientFactory.ConditionalCheckFailed("{\"owner\":{\"S\":\"someone-else\"},\"status\":{\"S\":\"CLAIMED\"}}"));

        Assert.False(await _lock.TryClaimAsync("FLEET#prod#BRAKE", _clock.GetUtcNow().AddMinutes(5), Target, Alarm, default));
        Assert.Single(_http.Requests);
    }

    [Fact]
    public async Task A_brake_marker_applied_with_its_answer_lost_is_still_ours()
    {
        _dynamo.LoseFirstPutResponse = true;
        _dynamo.ReturnsOldItemOnConditionFailure = false;

        var claimed = await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", _clock.GetUtcNow().AddMinutes(5), Target, Alarm, default);
        var second = await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", _clock.GetUtcNow().AddMinutes(5), Target, AlarmNamed("other"), default);

        Assert.True(claimed);
        Assert.False(second);
        Assert.Equal(["PutItem", "PutItem", "GetItem", "PutItem", "GetItem"], _dynamo.Operations);
    }

    [Fact]
    public async Task The_brake_marker_frees_when_its_time_comes_not_at_the_claiming_invocations_end()
    {
        Assert.True(await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", _clock.GetUtcNow().AddMinutes(5), Target, Alarm, default));
        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var before = await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", _clock.GetUtcNow().AddMinutes(5), Target, Alarm, default);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var at = await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", _clock.GetUtcNow().AddMinutes(5), Target, Alarm, default);

        Assert.Equal((false, true), (before, at));
    }

    [Theory]
    [InlineData(false, 0, "FLEET#prod#SLOT#0", "FLEET#prod#BRAKE")]
    [InlineData(true, 2, "DRYRUN#FLEET#prod#SLOT#2", "DRYRUN#FLEET#prod#BRAKE")]
    public void Fleet_keys_name_the_cluster_and_keep_dry_runs_apart(bool dryRun, int index, string slot, string brake)
        => Assert.Equal((slot, brake), (FleetKeys.Slot("prod", dryRun, index), FleetKeys.Brake("prod", dryRun)));
}
