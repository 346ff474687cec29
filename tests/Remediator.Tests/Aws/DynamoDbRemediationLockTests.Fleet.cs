using System.Globalization;
using System.Net;
using LambdaSuite.Remediator.Aws;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.TestSupport;
using Xunit;

namespace Remediator.Tests.Aws;

/// <summary>
/// The fleet budget's items on the lock table: a slot is the lock's own item under another key,
/// held for the window; the brake's marker is one conditional PutItem that names its engagement and
/// is claimed again only for a later one.
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
    public async Task A_lost_slot_says_since_when_its_holder_holds_it_at_no_extra_call()
    {
        var holder = (await _dynamoLock.TryAcquireAsync("FLEET#prod#SLOT#0", Window, Target, Alarm, Deadline, default)).Lease!;
        _clock.Advance(TimeSpan.FromSeconds(7));

        var lost = await _dynamoLock.TryAcquireAsync("FLEET#prod#SLOT#0", Window, Target, AlarmNamed("other"), Deadline, default);
        _dynamo.ReturnsOldItemOnConditionFailure = false; // as dynalite: the one consistent read says it
        var lostOnDynalite = await _dynamoLock.TryAcquireAsync("FLEET#prod#SLOT#0", Window, Target, AlarmNamed("third"), Deadline, default);

        Assert.NotNull(holder);
        Assert.Equal((_clock.GetUtcNow().AddSeconds(-7), _clock.GetUtcNow().AddSeconds(-7)), (lost.HeldSince, lostOnDynalite.HeldSince));
        Assert.Equal(["PutItem", "PutItem", "PutItem", "GetItem"], _dynamo.Operations);
    }

    [Fact]
    public async Task The_brake_marker_is_one_conditional_PutItem_naming_its_engagement_and_is_never_IN_PROGRESS()
    {
        var until = _clock.GetUtcNow().AddMinutes(7).AddMilliseconds(300);
        var spentSince = _clock.GetUtcNow().AddSeconds(-42).AddMilliseconds(-5);

        Assert.True(await _lock.TryClaimAsync("FLEET#prod#BRAKE", spentSince, until, Target, Alarm, default));

        var (operation, body) = Assert.Single(_http.Requests);
        Assert.Equal("PutItem", operation);
        Assert.Equal("attribute_not_exists(PK) OR spentSinceMs < :spentSinceMs", body.GetProperty("ConditionExpression").GetString());
        Assert.Equal(DynamoDbRemediationLock.ClaimCondition, body.GetProperty("ConditionExpression").GetString());
        Assert.Equal(spentSince.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), Attr(body.GetProperty("ExpressionAttributeValues"), ":spentSinceMs", "N"));
        Assert.False(body.TryGetProperty("ExpressionAttributeNames", out _));
        var item = body.GetProperty("Item");
        Assert.Equal(("FLEET#prod#BRAKE", "CLAIMED", "api-errors"), (Attr(item, "PK", "S"), Attr(item, "status", "S"), Attr(item, "alarmName", "S")));
        Assert.Equal(spentSince.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), Attr(item, "spentSinceMs", "N"));
        Assert.Equal("event:evt-1#api-errors", Attr(item, "owner", "S"));
        Assert.Equal((Now + 421).ToString(CultureInfo.InvariantCulture), Attr(item, "expiresAt", "N"));
        Assert.False(item.TryGetProperty("inProgressExpiresAtMs", out _));
    }

    [Fact]
    public async Task A_held_brake_marker_is_not_claimed_again()
    {
        _http.Responses["PutItem"] = (HttpStatusCode.BadRequest, RecordingHttpClientFactory.ConditionalCheckFailed("{\"owner\":{\"S\":\"someone-else\"},\"status\":{\"S\":\"CLAIMED\"}}"));

        Assert.False(await _lock.TryClaimAsync("FLEET#prod#BRAKE", _clock.GetUtcNow(), _clock.GetUtcNow().AddMinutes(5), Target, Alarm, default));
        Assert.Single(_http.Requests);
    }

    [Fact]
    public async Task A_brake_marker_applied_with_its_answer_lost_is_still_ours()
    {
        _dynamo.LoseFirstPutResponse = true;
        _dynamo.ReturnsOldItemOnConditionFailure = false;
        var spentSince = _clock.GetUtcNow();

        var claimed = await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", spentSince, _clock.GetUtcNow().AddMinutes(5), Target, Alarm, default);
        var second = await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", spentSince, _clock.GetUtcNow().AddMinutes(5), Target, AlarmNamed("other"), default);

        Assert.True(claimed);
        Assert.False(second);
        Assert.Equal(["PutItem", "PutItem", "GetItem", "PutItem", "GetItem"], _dynamo.Operations);
    }

    [Fact]
    public async Task The_brake_marker_is_claimed_again_only_for_a_later_engagement_never_by_time()
    {
        var spentSince = _clock.GetUtcNow();
        var until = _clock.GetUtcNow().AddMinutes(5);
        Assert.True(await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", spentSince, until, Target, Alarm, default));

        // Long past the time it was given, and past the claiming invocation's end: the same engagement is still marked.
        _clock.Advance(TimeSpan.FromMinutes(30));
        var sameEngagement = await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", spentSince, until, Target, AlarmNamed("b"), default);
        // A held alarm that read the slots before the budget was spent anew (a slow one) does not mark the later engagement's place.
        var earlier = await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", spentSince.AddMilliseconds(-1), until, Target, AlarmNamed("c"), default);
        var later = await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", spentSince.AddMilliseconds(1), until, Target, AlarmNamed("d"), default);
        var laterAgain = await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", spentSince.AddMilliseconds(1), until, Target, AlarmNamed("e"), default);

        Assert.Equal((false, false, true, false), (sameEngagement, earlier, later, laterAgain));
    }

    [Fact]
    public async Task A_retry_of_the_alarm_event_that_claimed_the_marker_is_still_the_first()
    {
        // The claim landed; the invocation died before answering (or failed, its marker left behind), and Lambda retries the event.
        var spentSince = _clock.GetUtcNow();
        Assert.True(await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", spentSince, spentSince.AddMinutes(5), Target, Alarm, default));
        _clock.Advance(TimeSpan.FromMinutes(1));

        var retry = await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", spentSince, spentSince.AddMinutes(5), Target, Alarm, default);
        var another = await _dynamoLock.TryClaimAsync("FLEET#prod#BRAKE", spentSince, spentSince.AddMinutes(5), Target, AlarmNamed("other"), default);

        Assert.Equal((true, false), (retry, another));
    }

    [Theory]
    [InlineData(false, 0, "FLEET#prod#SLOT#0", "FLEET#prod#BRAKE")]
    [InlineData(true, 2, "DRYRUN#FLEET#prod#SLOT#2", "DRYRUN#FLEET#prod#BRAKE")]
    public void Fleet_keys_name_the_cluster_and_keep_dry_runs_apart(bool dryRun, int index, string slot, string brake)
        => Assert.Equal((slot, brake), (FleetKeys.Slot("prod", dryRun, index), FleetKeys.Brake("prod", dryRun)));
}
