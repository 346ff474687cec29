using LambdaSuite.DeployRehearsal;
using LambdaSuite.Template.Tests.Fixtures;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

/// <summary>
/// The alarm units of infra/alarms/ as the template tests read them (<see cref="AlarmUnits"/>, written
/// out in template.yaml) are the alarms CloudFormation creates from the nested templates (the deploy
/// rehearsal's plan), each named within the stack's own names.
/// </summary>
public sealed class AlarmUnitTests
{
    [Theory]
    [InlineData("S3Notification")]
    [InlineData("EventBridge")]
    [InlineData("Sqs")]
    public void The_written_out_alarms_are_the_nested_stacks_alarms_named_after_the_stack(string trigger)
    {
        var parameters = Scenarios.TemplateParameters(trigger);
        var stack = Rehearsed.Suite(Scenarios.Environment, trigger);
        var units = stack.AllResources.Where(r => r.Stack.Parent is not null && r.Type == "AWS::CloudWatch::Alarm" && !r.Name!.Contains('/', StringComparison.Ordinal)).ToList();
        var written = new DeployedTemplate(parameters).Resources.Where(r => AlarmIdsOfUnits().Contains(r.Key)).Select(r => r.Key);

        Assert.Empty(stack.Problems);
        Assert.Equal(written.Select(id => $"lambdasuite-{Scenarios.Environment}-{id}").Order(StringComparer.Ordinal), units.Select(a => a.Name!).Order(StringComparer.Ordinal));
        Assert.Equal(trigger == "S3Notification" ? 17 : 19, units.Count);
    }

    // The ids AlarmUnits gives the units' alarms, under every optional part.
    private static HashSet<string> AlarmIdsOfUnits()
    {
        var plain = LambdaSuite.LocalInvoke.CfnYaml.LoadFile(TestSupport.RepositoryPaths.Combine("template.yaml"))["Resources"]!.AsObject().Select(r => r.Key).ToHashSet();
        return [.. AlarmUnits.Load()["Resources"]!.AsObject().Select(r => r.Key).Where(id => !plain.Contains(id))];
    }
}
