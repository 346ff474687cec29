using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Shipping;
using LambdaSuite.TestSupport;
using LogShipper.IntegrationTests.Fakes;
using LogShipper.IntegrationTests.Fixtures;
using Xunit;
using static LogShipper.IntegrationTests.Fixtures.Events;

namespace LogShipper.IntegrationTests;

/// <summary>
/// Against fauxqs: a wrong size in the event does not fail a copy, and a copy whose response was
/// lost is recognised at the destination (by fauxqs's own ETags) instead of being reported failed.
/// </summary>
[Collection(LocalAwsGroup.Name)]
public sealed class RecoveryTests(LocalAws aws)
{
    [Fact]
    public async Task An_event_claiming_6_MiB_for_a_1_KB_object_ships_it_with_one_HEAD_and_one_CopyObject()
    {
        using var local = new Local(aws);
        var key = local.Settings.SourcePrefix + "claims big.log";
        var bytes = await local.PutAsync(key, 1024, seed: 20);
        var (_, etag) = await local.HeadAsync(key);

        var result = await ReadAsync(await local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, 6 * LogShipperSettings.MiB, etag)))));

        Assert.Equal(1024, result.GetProperty("shipped")[0].GetProperty("bytes").GetInt64());
        Assert.Equal(["HEAD", "PUT"], local.Wire.Requests.Select(r => r.Method));
        Assert.True(local.Wire.Requests.Last().IsCopyObject);
        Assert.Equal(Local.Sha(bytes), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "claims big.log"))!));
    }

    [Fact]
    public async Task A_CopyObject_applied_but_answered_with_an_error_counts_as_shipped_after_a_HEAD_of_the_destination()
    {
        using var local = new Local(aws);
        local.Store = new LostResponseStore(local.Store);
        var key = local.Settings.SourcePrefix + "lost copy.log";
        var bytes = await local.PutAsync(key, 2048, seed: 21);
        var (size, etag) = await local.HeadAsync(key);

        var result = await ReadAsync(await local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, size, etag)))));

        Assert.Equal(1, result.GetProperty("shipped").GetArrayLength());
        Assert.Equal(0, result.GetProperty("failed").GetArrayLength());
        Assert.Equal(Local.Sha(bytes), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "lost copy.log"))!));
        var check = local.Wire.Requests.Last();
        Assert.Equal(("HEAD", "ENABLED", "222222222222"), (check.Method, check.Header("x-amz-checksum-mode"), check.Header("x-amz-expected-bucket-owner")));
    }

    [Fact]
    public async Task A_CopyObject_answered_with_an_error_and_not_applied_stays_a_failure()
    {
        using var local = new Local(aws);
        local.Store = new LostResponseStore(local.Store, apply: false);
        var key = local.Settings.SourcePrefix + "never copied.log";
        await local.PutAsync(key, 2048, seed: 22);
        var (size, etag) = await local.HeadAsync(key);

        var e = await Assert.ThrowsAsync<ShippingFailedException>(() => local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, size, etag)))));

        Assert.Contains("(ServerError)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Complete_applied_but_answered_NoSuchUpload_counts_as_shipped_by_the_ETag_its_parts_make()
    {
        using var local = new Local(aws);
        var lost = new LostResponseStore(local.Store);
        local.Store = lost;
        var key = local.Settings.SourcePrefix + "lost complete.log";
        var bytes = await local.PutAsync(key, (int)(6 * LogShipperSettings.MiB) + 7, seed: 23);
        var (size, etag) = await local.HeadAsync(key);

        var result = await ReadAsync(await local.HandleAsync(AsStream(S3(S3Record(Local.SourceBucket, key, size, etag)))));

        Assert.Equal(size, result.GetProperty("shipped")[0].GetProperty("bytes").GetInt64());
        Assert.Equal(1, lost.Completes);
        Assert.DoesNotContain(local.Wire.Requests, r => r.Method == "DELETE");
        Assert.Equal(Local.Sha(bytes), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "lost complete.log"))!));
    }
}
