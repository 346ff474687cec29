using System.Globalization;
using System.Text;
using LambdaSuite.Remediator.Reporting;
using Xunit;

namespace Remediator.Tests.Reporting;

public sealed class ConsoleLinksTests
{
    private const string RequestId = "8f5c0e2a-1b2c-4d3e-9f00-123456789abc";
    private static readonly DateTimeOffset From = new(2026, 11, 22, 9, 59, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 11, 22, 10, 5, 0, TimeSpan.Zero);

    private static readonly ConsoleLinks Links = new("eu-west-1", "/aws/lambda/prod-Remediator");

    [Fact]
    public void The_alarm_link_opens_the_alarm_in_its_Region()
        => Assert.Equal("https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/lambdasuite-remediate-prod%2Fapi%2Ftarget-5xx-rate",
            Links.Alarm("lambdasuite-remediate-prod/api/target-5xx-rate"));

    [Fact]
    public void The_Logs_Insights_link_queries_the_request_in_the_function_log_group_over_the_given_window()
    {
        var url = Links.LogsInsights(RequestId, From, To);

        Assert.Equal(
            "https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:logs-insights$3FqueryDetail$3D"
            + "~(end~'2026-11-22T10*3a05*3a00.000Z~start~'2026-11-22T09*3a59*3a00.000Z~timeType~'ABSOLUTE~tz~'UTC"
            + "~editorString~'fields*20*40timestamp*2c*20*40message*20*7c*20filter*20requestId*20*3d*20*278f5c0e2a-1b2c-4d3e-9f00-123456789abc*27"
            + "*20or*20*40requestId*20*3d*20*278f5c0e2a-1b2c-4d3e-9f00-123456789abc*27*20*7c*20sort*20*40timestamp*20asc"
            + "~source~(~'*2faws*2flambda*2fprod-Remediator))",
            url);
    }

    [Fact]
    public void The_query_state_decodes_back_to_the_query_and_the_log_group()
    {
        var url = Links.LogsInsights(RequestId, From, To)!;
        var state = url[(url.IndexOf("$3D", StringComparison.Ordinal) + 3)..];

        Assert.Contains("~editorString~'" + ConsoleLinks.Jsurl($"fields @timestamp, @message | filter requestId = '{RequestId}' or @requestId = '{RequestId}' | sort @timestamp asc") + "~", state, StringComparison.Ordinal);
        Assert.Equal($"fields @timestamp, @message | filter requestId = '{RequestId}' or @requestId = '{RequestId}' | sort @timestamp asc",
            Decode(Between(state, "~editorString~'", "~source~")));
        Assert.Equal("/aws/lambda/prod-Remediator", Decode(Between(state, "~source~(~'", "))")));
    }

    [Fact]
    public void The_fleet_log_link_lists_the_lines_of_every_stop_and_held_alarm_over_the_given_window()
    {
        var state = Links.FleetLog(From, To)!;

        Assert.StartsWith("https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:logs-insights$3FqueryDetail$3D~(end~'2026-11-22T10*3a05*3a00.000Z~start~'2026-11-22T09*3a59*3a00.000Z~", state, StringComparison.Ordinal);
        Assert.Equal("fields @timestamp, message, alarmName, service, requestId | filter message in ['Stopped task', 'Dry run: would stop task', 'Held by the fleet brake'] | sort @timestamp asc",
            Decode(Between(state, "~editorString~'", "~source~")));
        Assert.Null(new ConsoleLinks("eu-west-1", null).FleetLog(From, To));
    }

    [Theory]
    [InlineData("1-5759e988-bd862e3fe1be46a994272793", "https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#xray:traces/1-5759e988-bd862e3fe1be46a994272793")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793", null)]
    [InlineData("1-5759e988-bd862e3fe1be46a99427279", null)]
    [InlineData(null, null)]
    public void The_trace_link_opens_a_well_formed_trace_id_only(string? traceId, string? url)
        => Assert.Equal(url, Links.Trace(traceId));

    [Theory]
    [InlineData("cn-north-1", "https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#")]
    [InlineData("us-gov-west-1", "https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#")]
    [InlineData("ap-southeast-2", "https://console.aws.amazon.com/cloudwatch/home?region=ap-southeast-2#")]
    public void Links_follow_the_partition_of_the_Region(string region, string start)
    {
        var links = new ConsoleLinks(region, "/aws/lambda/x");

        Assert.StartsWith(start, links.Alarm("a"), StringComparison.Ordinal);
        Assert.StartsWith(start, links.LogsInsights(RequestId, From, To), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("us-east-1#evil")]
    [InlineData("localhost")]
    public void Without_a_valid_Region_there_are_no_links(string? region)
    {
        var links = new ConsoleLinks(region, "/aws/lambda/x");

        Assert.Null(links.Alarm("a"));
        Assert.Null(links.LogsInsights(RequestId, From, To));
    }

    [Theory]
    [InlineData(null, "/aws/lambda/x")]
    [InlineData("' or 1=1", "/aws/lambda/x")]
    [InlineData(RequestId, null)]
    [InlineData(RequestId, "/aws/lambda/x y")]
    public void Without_a_request_id_or_log_group_there_is_no_Logs_Insights_link(string? requestId, string? logGroup)
    {
        var links = new ConsoleLinks("us-east-1", logGroup);

        Assert.Null(links.LogsInsights(requestId, From, To));
        Assert.NotNull(links.Alarm("a"));
    }

    [Theory]
    [InlineData("abc-XYZ_0.9", "abc-XYZ_0.9")]
    [InlineData("a b", "a*20b")]
    [InlineData("$", "!")]
    [InlineData("é", "*e9")]
    [InlineData("€", "**20ac")]
    [InlineData("'~()*!", "*27*7e*28*29*2a*21")]
    public void Jsurl_keeps_safe_characters_and_escapes_the_rest(string text, string encoded)
    {
        Assert.Equal(encoded, ConsoleLinks.Jsurl(text));
        Assert.Equal(text, Decode(encoded));
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    /// <summary>The console's decoding of a JSURL string, written independently of the encoder.</summary>
    private static string Decode(string encoded)
    {
        var text = new StringBuilder();
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '!')
            {
                text.Append('$');
            }
            else if (encoded[i] == '*' && encoded[i + 1] == '*')
            {
                text.Append((char)int.Parse(encoded.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 5;
            }
            else if (encoded[i] == '*')
            {
                text.Append((char)int.Parse(encoded.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                text.Append(encoded[i]);
            }
        }

        return text.ToString();
    }
}
