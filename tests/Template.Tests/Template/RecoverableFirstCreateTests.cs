using System.Text.Json.Nodes;
using LambdaSuite.Template.Tests.Fixtures;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

/// <summary>
/// A failed first create of an environment can be retried by the same workflow: nothing it created
/// survives the rollback (so no fixed name blocks the retry), and no deletion protection makes the
/// rollback itself fail; once the environment exists its data is kept on a stack delete.
/// </summary>
public sealed class RecoverableFirstCreateTests
{
    private static readonly JsonObject Template = CfnYaml.LoadFile(RepositoryPaths.Combine("template.yaml"));

    [Fact]
    public void What_holds_data_is_kept_on_delete_and_replacement_but_removed_when_its_first_create_rolls_back()
    {
        var kept = Template["Resources"]!.AsObject().Where(r => ((string?)r.Value!["DeletionPolicy"])?.StartsWith("Retain", StringComparison.Ordinal) == true).ToList();

        Assert.Equal(
            ["AccessLogBucket", "LogShipperEventDeadLetterQueue", "LogShipperFailureQueue", "LogShipperRuleDeadLetterQueue", "RemediationLockTable", "RemediatorFailureQueue", "RemediatorRuleDeadLetterQueue", "UserPool", "UsersTable"],
            kept.Select(r => r.Key).Order());
        Assert.All(kept, r => Assert.Equal(("RetainExceptOnCreate", "Retain"), ((string?)r.Value!["DeletionPolicy"], (string?)r.Value["UpdateReplacePolicy"])));
    }

    [Theory]
    [InlineData("true", "ACTIVE", true)]
    [InlineData("false", "INACTIVE", false)]
    public void Deletion_protection_of_the_pool_and_both_tables_follows_DeletionProtection(string value, string pool, bool tables)
    {
        var deployed = new DeployedTemplate(new Dictionary<string, string> { ["DeletionProtection"] = value });

        Assert.Equal(pool, (string?)deployed.Properties("UserPool")["DeletionProtection"]);
        Assert.Equal(tables, (bool?)deployed.Properties("UsersTable")["DeletionProtectionEnabled"]);
        Assert.Equal(tables, (bool?)deployed.Properties("RemediationLockTable")["DeletionProtectionEnabled"]);
    }

    [Fact]
    public void Deletion_protection_is_on_unless_a_deploy_switches_it_off()
        => Assert.Equal("true", (string?)Template["Parameters"]!["DeletionProtection"]!["Default"]);
}
