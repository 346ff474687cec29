using LambdaSuite.LogShipper.Model;
using LambdaSuite.LogShipper.Preflight;

namespace LambdaSuite.LogShipper.Shipping;

/// <summary>
/// Which objects we copy and where they go. Destination key = DESTINATION_PREFIX + the source key
/// relative to SOURCE_PREFIX (e.g. "logs/alb/a.gz" with SOURCE_PREFIX "logs/" and
/// DESTINATION_PREFIX "env1/" becomes "env1/alb/a.gz").
/// </summary>
internal static class KeyMapper
{
    public const string Disabled = "disabled";
    public const string OtherBucket = "other-bucket";
    public const string FolderMarker = "folder-marker";
    public const string OutsideSourcePrefix = "outside-source-prefix";
    public const string RecursionGuard = "recursion-guard";
    public const string PreflightCanary = "preflight-canary";

    /// <summary>Null when the object is to be copied; otherwise why not.</summary>
    public static string? SkipReason(LogShipperSettings settings, ObjectEvent source)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(source);
        if (!settings.Enabled)
        {
            return Disabled;
        }

        if (!string.Equals(source.Bucket, settings.SourceBucket, StringComparison.Ordinal))
        {
            return OtherBucket;
        }

        if (source.Key.EndsWith('/'))
        {
            return FolderMarker;
        }

        if (!source.Key.StartsWith(settings.SourcePrefix, StringComparison.Ordinal))
        {
            return OutsideSourcePrefix;
        }

        // Init already refuses overlapping locations; this keeps a copy from ever re-triggering us.
        var destinationKey = DestinationKey(settings, source.Key);
        if (IsWatched(settings, settings.DestinationBucket, destinationKey))
        {
            return RecursionGuard;
        }

        // A log named SourcePrefix + "preflight/canary" would overwrite the preflight's own object, and
        // the next preflight would overwrite the log: the canary key belongs to the preflight.
        return string.Equals(destinationKey, Canary.DestinationKey(settings), StringComparison.Ordinal) ? PreflightCanary : null;
    }

    public static string DestinationKey(LogShipperSettings settings, string sourceKey)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sourceKey);
        return settings.DestinationPrefix + sourceKey[settings.SourcePrefix.Length..];
    }

    private static bool IsWatched(LogShipperSettings settings, string bucket, string key)
        => string.Equals(bucket, settings.SourceBucket, StringComparison.Ordinal)
           && key.StartsWith(settings.SourcePrefix, StringComparison.Ordinal);
}
