using System.Text;
using System.Text.Json.Nodes;
using LambdaSuite.LocalInvoke;
using LambdaSuite.Remediator.Alarms;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

/// <summary>
/// The Remediator refuses an alarm whose name lacks ALARM_NAME_PREFIX, which the template sets to
/// the stack's prefix. So the samples carry the prefix of their stack: the alarm events and
/// env.json the local stack's (resources.json names it), the outcome events that of the stack their
/// function belongs to.
/// </summary>
public sealed class RemediatorAlarmPrefixSamplesTests
{
    private static readonly string Samples = RepositoryPaths.Combine("infra", "events", "remediator");

    /// <summary>ALARM_NAME_PREFIX as the template gives it to a stack named <paramref name="stackName"/>.</summary>
    private static string TemplatePrefix(string? stackName = null)
    {
        var template = TemplateDocument.LoadFile(RepositoryPaths.Combine("template.yaml"));
        var names = TemplateDocument.LoadLocalNames(RepositoryPaths.Combine("infra", "local", "resources.json"));
        names["AWS::StackName"] = stackName ?? names["AWS::StackName"];
        var required = new Dictionary<string, string> { ["RemediatorClusterName"] = "demo-cluster", ["RemediatorAllowedServices"] = "demo-cluster/demo-api" };
        var intrinsics = new Intrinsics(template, template.ParameterValues(required, _ => { }), names, _ => { });
        return FunctionDefinition.Resolve(template, "RemediatorFunction", intrinsics).Variables["ALARM_NAME_PREFIX"];
    }

    private static string AlarmName(string eventJson) => AlarmEventParser.Parse(Encoding.UTF8.GetBytes(eventJson)).AlarmName;

    public static TheoryData<string> AlarmSamples() => [.. Directory.GetFiles(Samples, "*.json").Select(f => Path.GetFileName(f)).Where(f => f != "env.json").Order()];

    public static TheoryData<string> OutcomeSamples() => [.. Directory.GetFiles(Path.Combine(Samples, "outcomes"), "*.json").Select(f => Path.GetFileName(f)).Order()];

    [Fact]
    public void The_sample_env_json_sets_the_prefix_the_template_gives_the_local_stack()
    {
        var env = JsonNode.Parse(File.ReadAllText(Path.Combine(Samples, "env.json")))!["RemediatorFunction"]!;

        Assert.Equal("lambdasuite-local-remediate-", TemplatePrefix());
        Assert.Equal(TemplatePrefix(), (string?)env["ALARM_NAME_PREFIX"]);
    }

    [Theory]
    [MemberData(nameof(AlarmSamples))]
    public void Every_sample_alarm_carries_the_local_stacks_prefix(string sample)
        => Assert.StartsWith(TemplatePrefix(), AlarmName(File.ReadAllText(Path.Combine(Samples, sample))), StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(OutcomeSamples))]
    public void Every_sample_outcome_names_an_alarm_of_its_functions_stack(string sample)
    {
        var detail = JsonNode.Parse(File.ReadAllText(Path.Combine(Samples, "outcomes", sample)))!["detail"]!;
        var function = ((string)detail["requestContext"]!["functionArn"]!).Split(':')[6];
        var prefix = TemplatePrefix(function[..function.IndexOf("-RemediatorFunction", StringComparison.Ordinal)]);

        Assert.Equal("lambdasuite-prod-remediate-", prefix);
        Assert.StartsWith(prefix, AlarmName(detail["requestPayload"]!.ToJsonString()), StringComparison.Ordinal);
        if (detail["responsePayload"]?["alarmName"] is { } answered)
        {
            Assert.StartsWith(prefix, (string)answered!, StringComparison.Ordinal);
        }
    }
}
