using System.Text.Json.Nodes;
using LambdaSuite.DeployRehearsal;
using Xunit;

namespace LambdaSuite.Deploy.Tests.DeployRehearsal;

/// <summary>
/// The policy evaluator on keys with several values, as IAM's documentation describes them
/// ("Single-valued vs. multivalued context keys"): ForAllValues holds for a missing key and when every
/// value passes; ForAnyValue needs one value that passes; a plain operator refuses to guess.
/// </summary>
public sealed class PolicyEvaluationTests
{
    private static readonly List<JsonNode?> Policy =
    [
        JsonNode.Parse("""{"Effect":"Allow","Action":"cloudwatch:PutMetricAlarm","Resource":"*","Condition":{"ForAllValues:ArnLike":{"cloudwatch:AlarmActions":["arn:aws:sns:*:*:mine-*"]}}}"""),
        JsonNode.Parse("""{"Effect":"Deny","Action":"cloudformation:CreateChangeSet","Resource":"*","Condition":{"ForAnyValue:StringLike":{"cloudformation:ImportResourceTypes":["*"]}}}"""),
        JsonNode.Parse("""{"Effect":"Allow","Action":"cloudformation:CreateChangeSet","Resource":"*"}"""),
        JsonNode.Parse("""{"Effect":"Allow","Action":"sns:Publish","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}"""),
    ];

    private static bool Allows(string action, params string[] values)
        => PolicyEvaluation.Allows(Policy, action, "*", new Dictionary<string, IReadOnlyList<string>>
        {
            [action.StartsWith("cloudwatch:", StringComparison.Ordinal) ? "cloudwatch:AlarmActions" : "cloudformation:ImportResourceTypes"] = values,
        });

    [Fact]
    public void ForAllValues_holds_when_every_value_passes_and_for_none()
    {
        Assert.True(Allows("cloudwatch:PutMetricAlarm", "arn:aws:sns:us-east-1:1:mine-a", "arn:aws:sns:us-east-1:1:mine-b"));
        Assert.True(Allows("cloudwatch:PutMetricAlarm"));
        Assert.True(PolicyEvaluation.Allows(Policy, "cloudwatch:PutMetricAlarm", "*", new Dictionary<string, string>()));
        Assert.False(Allows("cloudwatch:PutMetricAlarm", "arn:aws:sns:us-east-1:1:mine-a", "arn:aws:sns:us-east-1:1:theirs"));
    }

    [Fact]
    public void ForAnyValue_holds_when_one_value_passes_and_never_for_a_missing_key()
    {
        Assert.False(Allows("cloudformation:CreateChangeSet", "AWS::S3::Bucket"));
        Assert.True(PolicyEvaluation.Allows(Policy, "cloudformation:CreateChangeSet", "*", new Dictionary<string, string>()));
    }

    [Fact]
    public void A_single_valued_operator_on_a_key_with_several_values_is_refused()
        => Assert.Throws<NotSupportedException>(() => PolicyEvaluation.Allows(Policy, "sns:Publish", "*", new Dictionary<string, IReadOnlyList<string>> { ["aws:SourceAccount"] = ["111122223333", "444455556666"] }));
}
