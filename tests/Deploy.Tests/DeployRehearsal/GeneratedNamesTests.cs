using LambdaSuite.DeployRehearsal;
using LambdaSuite.Deploy.Tests.Fixtures;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Deploy.Tests.DeployRehearsal;

/// <summary>
/// CloudFormation's generated names keep lambdasuite-&lt;environment&gt; whole for every allowed
/// environment name, which is what the deploy access's name patterns rely on.
/// </summary>
public sealed class GeneratedNamesTests
{
    [Theory]
    [InlineData("lambdasuite-dev", "LogShipperRole", 64, "lambdasuite-dev-LogShipperRole-ABCDEFGHIJKL")]
    // Both parts too long: equal shares of the 50 characters left.
    [InlineData("lambdasuite-rehearsal0001", "RemediatorNotificationRule", 64, "lambdasuite-rehearsal0001-RemediatorNotificationRul-ABCDEFGHIJKL")]
    // One character more and the stack name loses it: the name of environment rehearsal00012 would
    // then match the patterns of environment rehearsal0001.
    [InlineData("lambdasuite-rehearsal00012", "RemediatorNotificationRule", 64, "lambdasuite-rehearsal0001-RemediatorNotificationRul-ABCDEFGHIJKL")]
    // What one part does not need goes to the other.
    [InlineData("lambdasuite-a-very-long-stack-name-indeed-x", "Q", 64, "lambdasuite-a-very-long-stack-name-indeed-x-Q-ABCDEFGHIJKL")]
    [InlineData("--lambdasuite--dev", "Q", 64, "lambdasuite-dev-Q-ABCDEFGHIJKL")]
    public void Names_are_cut_as_CloudFormation_cuts_them(string stack, string logicalId, int maxLength, string expected)
    {
        var name = GeneratedNames.For(stack, logicalId, maxLength, "ABCDEFGHIJKL");

        Assert.Equal(expected, name);
        Assert.True(name.Length <= maxLength);
    }

    [Fact]
    public void The_longest_environment_name_stays_whole_in_every_generated_name_and_one_more_character_would_not()
    {
        var logicalIds = Rehearsed.Suite("rehearsal0001").AllResources.Where(r => r.Stack.Parent is null).Select(r => r.LogicalId).ToList();
        var maxLengths = Rehearsed.Model.Types.Values.Where(t => t.Arn?.Contains("{name}", StringComparison.Ordinal) == true).Select(t => t.NameMaxLength).Distinct().ToList();

        Assert.Contains(63, maxLengths); // S3 buckets, the shortest
        Assert.All(maxLengths, max => Assert.All(logicalIds, id => Assert.StartsWith("lambdasuite-a234567890123-", GeneratedNames.For("lambdasuite-a234567890123", id, max, "ABCDEFGHIJKL"))));
        Assert.Contains(logicalIds, id => !GeneratedNames.For("lambdasuite-a2345678901234", id, 64, "ABCDEFGHIJKL").StartsWith("lambdasuite-a2345678901234-", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_templates_allow_the_same_environment_names_without_a_dash_and_at_most_13_characters()
    {
        var suite = (string)CfnYaml.LoadFile(RepositoryPaths.Combine("template.yaml"))["Parameters"]!["EnvironmentName"]!["AllowedPattern"]!;
        var access = (string)CfnYaml.LoadFile(RepositoryPaths.Combine("infra", "github-oidc.yaml"))["Parameters"]!["EnvironmentName"]!["AllowedPattern"]!;

        Assert.Equal(suite, access);
        Assert.Matches(suite, "a234567890123");
        Assert.DoesNotMatch(suite, "a2345678901234");
        Assert.DoesNotMatch(suite, "dev-eu");
        Assert.DoesNotMatch(suite, "Dev");
        Assert.Matches(suite, "prod");
    }
}
