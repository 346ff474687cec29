using System.Globalization;
using System.Text;

namespace LambdaSuite.LogShipper.Preflight;

/// <summary>
/// The preflight's two objects: one fixed key in the access-log bucket, outside every allowed
/// SourcePrefix (template.yaml's rule SourcePrefixLeavesThePreflightCanary refuses a prefix that
/// covers it, so writing it never triggers shipping), and one fixed key under DestinationPrefix,
/// overwritten by each run. The role may write exactly the source key (statement
/// PreflightCanary) and nothing else new.
/// </summary>
internal static class Canary
{
    public const string SourceKey = "preflight/canary";

    /// <summary>Relative to DESTINATION_PREFIX: not the log key mapping, which skips keys outside SOURCE_PREFIX.</summary>
    public const string DestinationName = "preflight/canary";

    public static string DestinationKey(LogShipperSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.DestinationPrefix + DestinationName;
    }

    /// <summary>True when SOURCE_PREFIX is a prefix of the canary key ("" included): writing it would ship it.</summary>
    public static bool CoveredBy(string sourcePrefix) => SourceKey.StartsWith(sourcePrefix, StringComparison.Ordinal);

    /// <summary>A few bytes that say what the object is to whoever finds it in their bucket.</summary>
    public static string Body(DateTimeOffset now)
        => string.Create(CultureInfo.InvariantCulture, $"LambdaSuite LogShipper preflight canary, written {now:yyyy-MM-ddTHH:mm:ssZ}. Each preflight overwrites it; nothing reads it.\n");

    public static int Length(string body) => Encoding.UTF8.GetByteCount(body);
}
