using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.LogShipper.Model;

namespace LambdaSuite.LogShipper.Copying;

/// <summary>
/// After a copy request failed in a way that may hide an applied write (the response was lost and
/// the retry failed), decides from a HEAD of the destination whether it already holds exactly the
/// source's bytes. Only proof counts: the same size and a content-derived tag that matches — an
/// MD5 ETag equal to the source's, the ETag S3 derives from our own upload's parts, or the same
/// full-object checksum as the source. Anything less (no object, another size, an SSE-KMS ETag,
/// a HEAD that fails) reports the original failure, which the retry resolves.
/// </summary>
internal sealed class DestinationCheck(IObjectStore store, LogShipperSettings settings)
{
    /// <param name="sourceHead">The source's HEAD, when the copy made one.</param>
    /// <param name="size">The size the copy was made with: the HEAD's, else the event's.</param>
    public async Task<bool> HoldsCopyAsync(ObjectEvent source, GetObjectMetadataResponse? sourceHead, long size, string destinationKey, CancellationToken cancellationToken)
    {
        var destination = await HeadAsync(Destination(destinationKey), cancellationToken);
        if (destination is null || destination.ContentLength != size)
        {
            return false;
        }

        // A single-part upload's ETag is the MD5 of its bytes (unless SSE-KMS, whose ETag matches nothing).
        var sourceTag = Unquote(sourceHead?.ETag ?? source.ETag);
        if (IsMd5(sourceTag) && string.Equals(sourceTag, Unquote(destination.ETag), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var pinned = ObjectCopier.SourceHead(source, settings);
        pinned.ChecksumMode = ChecksumMode.ENABLED;
        return await HeadAsync(pinned, cancellationToken) is { } checksummed && SameChecksum(checksummed, destination);
    }

    /// <summary>The destination is the object a Complete of exactly these parts makes: S3's multipart ETag is derived from the part ETags.</summary>
    public async Task<bool> HoldsUploadAsync(string destinationKey, long size, IReadOnlyList<string> partETags, CancellationToken cancellationToken)
        => MultipartETag(partETags) is { } expected
           && await HeadAsync(Destination(destinationKey), cancellationToken) is { } destination
           && destination.ContentLength == size
           && string.Equals(expected, Unquote(destination.ETag), StringComparison.OrdinalIgnoreCase);

    /// <summary>MD5 of the concatenated binary part digests, then "-" and the number of parts; null when a part ETag is not a digest.</summary>
    internal static string? MultipartETag(IReadOnlyList<string> partETags)
    {
        var digests = new byte[partETags.Count * 16];
        for (var i = 0; i < partETags.Count; i++)
        {
            var tag = Unquote(partETags[i]);
            if (!IsMd5(tag))
            {
                return null;
            }

            Convert.FromHexString(tag).CopyTo(digests, i * 16);
        }

        // S3's own ETag construction, compared with what S3 reports: not used for security.
#pragma warning disable CA5351
        var composite = MD5.HashData(digests);
#pragma warning restore CA5351
        return Convert.ToHexStringLower(composite) + "-" + partETags.Count.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Equal when both carry a checksum of the same algorithm and type and the values agree.</summary>
    internal static bool SameChecksum(GetObjectMetadataResponse source, GetObjectMetadataResponse destination)
    {
        if (source.ChecksumType?.Value != destination.ChecksumType?.Value)
        {
            return false;
        }

        foreach (var read in ChecksumReaders)
        {
            if (read(source) is { Length: > 0 } a && read(destination) is { Length: > 0 } b)
            {
                return string.Equals(a, b, StringComparison.Ordinal);
            }
        }

        return false;
    }

    private static readonly Func<GetObjectMetadataResponse, string?>[] ChecksumReaders =
        [h => h.ChecksumCRC64NVME, h => h.ChecksumSHA256, h => h.ChecksumSHA1, h => h.ChecksumCRC32C, h => h.ChecksumCRC32];

    private GetObjectMetadataRequest Destination(string key) => new()
    {
        BucketName = settings.DestinationBucket,
        Key = key,
        ExpectedBucketOwner = settings.DestinationBucketOwner,
        ChecksumMode = ChecksumMode.ENABLED,
    };

    /// <summary>Never throws: a HEAD that fails (not there, no permission, the deadline) is simply no proof.</summary>
    private async Task<GetObjectMetadataResponse?> HeadAsync(GetObjectMetadataRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetObjectMetadataAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static string Unquote(string? etag) => etag?.Trim('"') ?? string.Empty;

    private static bool IsMd5(string tag) => tag.Length == 32 && !tag.AsSpan().ContainsAnyExcept(HexDigits);

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
}
