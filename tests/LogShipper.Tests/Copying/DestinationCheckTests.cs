using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Events;
using LambdaSuite.LogShipper.Model;
using LogShipper.Tests.Fixtures;
using Xunit;
using static LogShipper.Tests.Fixtures.Samples;

// S3's ETags are MD5 digests; the tests build them the way S3 does.
#pragma warning disable CA5351

namespace LogShipper.Tests.Copying;

/// <summary>Only proof counts: the same size and a content-derived tag that matches.</summary>
public sealed class DestinationCheckTests
{
    private static readonly ObjectEvent Source = new("lambdasuite-access-logs", "logs/a.gz", 1024, "0123456789abcdef0123456789abcdef", VersionId: null, EventTime: null);

    [Fact]
    public void The_multipart_ETag_is_the_md5_of_the_binary_part_digests_and_the_part_count()
    {
        var parts = new[] { MD5.HashData([1]), MD5.HashData([2]) };

        var etag = DestinationCheck.MultipartETag([.. parts.Select(p => $"\"{Convert.ToHexStringLower(p)}\"")]);

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData([.. parts[0], .. parts[1]])) + "-2", etag);
    }

    [Fact]
    public void Part_tags_that_are_not_md5_digests_give_no_multipart_ETag()
        => Assert.Null(DestinationCheck.MultipartETag(["\"0123456789abcdef0123456789abcdef\"", "\"kms-etag\""]));

    [Theory]
    [InlineData("AAECAwQFBgc=", "AAECAwQFBgc=", "FULL_OBJECT", "FULL_OBJECT", true)]
    [InlineData("AAECAwQFBgc=", "AAAAAAAAAAA=", "FULL_OBJECT", "FULL_OBJECT", false)]
    [InlineData("AAECAwQFBgc=", "AAECAwQFBgc=", "FULL_OBJECT", "COMPOSITE", false)]
    [InlineData(null, null, null, null, false)]
    public void Checksums_prove_the_copy_only_when_type_and_value_agree(string? source, string? destination, string? sourceType, string? destinationType, bool same)
    {
        var a = new GetObjectMetadataResponse { ChecksumCRC64NVME = source, ChecksumType = sourceType is null ? null : new ChecksumType(sourceType) };
        var b = new GetObjectMetadataResponse { ChecksumCRC64NVME = destination, ChecksumType = destinationType is null ? null : new ChecksumType(destinationType) };

        Assert.Equal(same, DestinationCheck.SameChecksum(a, b));
    }

    [Fact]
    public async Task A_destination_HEAD_that_fails_is_no_proof_and_never_throws()
    {
        var h = new Harness();
        h.Store.OnHead = _ => throw S3Error("AccessDenied", HttpStatusCode.Forbidden);
        var check = new DestinationCheck(h.Store, h.Settings);

        Assert.False(await check.HoldsCopyAsync(Source, sourceHead: null, 1024, "env1/a.gz", CancellationToken.None));
        Assert.False(await check.HoldsUploadAsync("env1/a.gz", 1024, ["\"0123456789abcdef0123456789abcdef\""], CancellationToken.None));
    }

    [Fact]
    public async Task The_same_size_and_md5_ETag_at_the_destination_prove_the_copy_with_one_HEAD()
    {
        var h = new Harness();
        h.Store.OnHead = _ => new GetObjectMetadataResponse { ContentLength = 1024, ETag = "\"0123456789ABCDEF0123456789ABCDEF\"" };
        var check = new DestinationCheck(h.Store, h.Settings);

        Assert.True(await check.HoldsCopyAsync(Source, sourceHead: null, 1024, "env1/a.gz", CancellationToken.None));
        Assert.Single(h.Store.Of<GetObjectMetadataRequest>());
    }
}
