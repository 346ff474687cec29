using System.Text.Json.Nodes;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

/// <summary>
/// <c>sam local invoke --env-vars</c> applies only the variables a function declares (its own
/// Environment.Variables, or the Globals SAM merges into it): a variable another function declares is
/// silently dropped, so each sample env.json must name only its own function's variables.
/// </summary>
public sealed class EnvJsonTests
{
    private static readonly JsonObject Template = CfnYaml.LoadFile(RepositoryPaths.Combine("template.yaml"));

    public static TheoryData<string, string> EnvFiles() => new()
    {
        { "logshipper", "LogShipperFunction" },
        { "remediator", "RemediatorFunction" },
        { "postconfirmation", "PostConfirmationFunction" },
    };

    [Theory]
    [MemberData(nameof(EnvFiles))]
    public void Every_env_json_variable_is_declared_for_its_own_function(string folder, string logicalId)
    {
        var declared = DeclaredVariables(logicalId);
        var file = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "events", folder, "env.json")))!.AsObject();

        Assert.Equal([logicalId], file.Select(f => f.Key));
        Assert.All(file[logicalId]!.AsObject(), variable => Assert.Contains(variable.Key, declared));
    }

    [Fact]
    public void A_variable_declared_by_another_function_only_is_not_counted_as_declared()
    {
        Assert.Contains("LOCK_TABLE_NAME", DeclaredVariables("RemediatorFunction"));
        Assert.DoesNotContain("LOCK_TABLE_NAME", DeclaredVariables("LogShipperFunction"));
    }

    private static HashSet<string> DeclaredVariables(string logicalId)
    {
        var own = Template["Resources"]![logicalId]!["Properties"]!["Environment"]?["Variables"]?.AsObject();
        var globals = Template["Globals"]?["Function"]?["Environment"]?["Variables"]?.AsObject();
        return [.. (own ?? []).Select(v => v.Key), .. (globals ?? []).Select(v => v.Key)];
    }
}
