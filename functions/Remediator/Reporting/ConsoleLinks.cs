using System.Text;
using System.Text.RegularExpressions;
using LambdaSuite.Common;

namespace LambdaSuite.Remediator.Reporting;

/// <summary>
/// AWS console links for a notification: the alarm, a Logs Insights query for one invocation's
/// log lines, and its X-Ray trace. Built from the Region and log group Lambda tells the function (AWS_REGION,
/// AWS_LAMBDA_LOG_GROUP_NAME); without a valid Region there are no links, without a log group no
/// Logs Insights link. The host follows the partition, as the template's ConsoleHosts mapping does.
/// </summary>
internal sealed partial class ConsoleLinks
{
    private readonly string? _region;
    private readonly string? _logGroup;

    public ConsoleLinks(string? region, string? logGroup)
    {
        _region = region is not null && RegionPattern().IsMatch(region) ? region : null;
        _logGroup = logGroup is not null && LogGroupPattern().IsMatch(logGroup) ? logGroup : null;
    }

    /// <summary>No links (no Region known).</summary>
    public static ConsoleLinks None { get; } = new(null, null);

    /// <summary>The console host of the Region's partition.</summary>
    public static string Host(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return region.StartsWith("cn-", StringComparison.Ordinal) ? "console.amazonaws.cn"
            : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "console.amazonaws-us-gov.com"
            : "console.aws.amazon.com";
    }

    public string? Alarm(string alarmName)
    {
        ArgumentNullException.ThrowIfNull(alarmName);
        return _region is null ? null : $"{Home(_region)}#alarmsV2:alarm/{Uri.EscapeDataString(alarmName)}";
    }

    /// <summary>
    /// A Logs Insights query over [<paramref name="from"/>, <paramref name="to"/>] (absolute, UTC) for the lines
    /// of <paramref name="requestId"/>: ours carry <c>requestId</c>, Lambda's START/END/REPORT lines <c>@requestId</c>.
    /// </summary>
    public string? LogsInsights(string? requestId, DateTimeOffset from, DateTimeOffset to)
        => requestId is null || !RequestIdPattern().IsMatch(requestId)
            ? null
            : Query($"fields @timestamp, @message | filter requestId = '{requestId}' or @requestId = '{requestId}' | sort @timestamp asc", from, to);

    /// <summary>
    /// A Logs Insights query over [<paramref name="from"/>, <paramref name="to"/>] listing every stop
    /// (or dry-run stop) and every alarm the fleet brake held: the line each of them logs.
    /// </summary>
    public string? FleetLog(DateTimeOffset from, DateTimeOffset to)
        => Query($"fields @timestamp, message, alarmName, service, requestId | filter message in ['{FleetLogMessages.Stopped}', '{FleetLogMessages.DryRun}', '{FleetLogMessages.Held}'] | sort @timestamp asc", from, to);

    private string? Query(string query, DateTimeOffset from, DateTimeOffset to)
    {
        if (_region is null || _logGroup is null)
        {
            return null;
        }

        var detail = $"~(end~'{Jsurl(IsoTime.Format(to))}~start~'{Jsurl(IsoTime.Format(from))}~timeType~'ABSOLUTE~tz~'UTC"
            + $"~editorString~'{Jsurl(query)}~source~(~'{Jsurl(_logGroup)}))";

        // The console reads the fragment as URI-encoded with '$' for '%': only '?' and '=' need it here.
        return $"{Home(_region)}#logsV2:logs-insights$3FqueryDetail$3D{detail}";
    }

    /// <summary>The trace in CloudWatch's X-Ray trace view; <paramref name="traceId"/> is the header's Root.</summary>
    public string? Trace(string? traceId)
        => _region is null || traceId is null || !TraceIdPattern().IsMatch(traceId) ? null : $"{Home(_region)}#xray:traces/{traceId}";

    /// <summary>
    /// The string escaping of the console's query state (the JSURL format): letters, digits, '_',
    /// '.', '-' stay; '$' becomes '!'; any other character becomes '*' and two hex digits ('**' and
    /// four beyond U+00FF).
    /// </summary>
    internal static string Jsurl(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var encoded = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
            {
                encoded.Append(c);
            }
            else if (c == '$')
            {
                encoded.Append('!');
            }
            else
            {
                encoded.Append(c <= 0xFF ? $"*{(int)c:x2}" : $"**{(int)c:x4}");
            }
        }

        return encoded.ToString();
    }

    private static string Home(string region) => $"https://{Host(region)}/cloudwatch/home?region={region}";

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    // CloudWatch Logs' log group name characters.
    [GeneratedRegex("^[A-Za-z0-9_./#-]{1,512}$", RegexOptions.CultureInvariant)]
    private static partial Regex LogGroupPattern();

    // X-Ray's trace id format: 1-<8 hex digits of time>-<24 hex digits>.
    [GeneratedRegex("^1-[0-9a-f]{8}-[0-9a-f]{24}$", RegexOptions.CultureInvariant)]
    private static partial Regex TraceIdPattern();

    // A Lambda request id (a UUID); anything else would not fit inside the query's quotes.
    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex RequestIdPattern();
}
