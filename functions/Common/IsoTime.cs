using System.Globalization;

namespace LambdaSuite.Common;

/// <summary>The one timestamp format of logs, records and responses: ISO 8601 UTC with milliseconds.</summary>
public static class IsoTime
{
    public static string Format(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
