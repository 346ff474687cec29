using LambdaSuite.Deploy.Tests.Fixtures;
using LambdaSuite.DeployRehearsal;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Deploy.Tests.DeployRehearsal;

/// <summary>
/// One account may host several environments. Every request CloudFormation's handlers would make
/// for another environment's resources, and for any environment's deploy access (roles, boundary,
/// artifact bucket, its stack), is denied to both roles of an environment, and its boundary lets no
/// role it creates touch another's resources — for names chosen to collide: one a prefix of
/// another, the words of the access stack's own names, the longest allowed.
/// </summary>
public sealed class EnvironmentIsolationTests
{
    private static readonly string[] Environments = ["dev", "deveu", "prod", "access", "lambdasuite", "logs", "a234567890123"];

    // Handler requests that name no resource type and no condition can scope: reads, and the legacy
    // log delivery setup (see the execution role's LogGroupLookups statement).
    private static readonly string[] Unscoped = ["logs:DescribeLogGroups", "logs:DescribeResourcePolicies", "logs:DescribeIndexPolicies", "logs:CreateLogDelivery"];

    private static readonly Dictionary<string, Lazy<(AccessStack Access, StackPlan Suite)>> Planned = Environments.ToDictionary(
        e => e, e => new Lazy<(AccessStack, StackPlan)>(() => (Rehearsed.Access(e), Rehearsed.Suite(e))));

    private static readonly Rehearsal Requests = new(Rehearsed.Facts, Rehearsed.Model);

    public static TheoryData<string, string> OtherEnvironments() => Pairs(same: false);

    public static TheoryData<string, string> AnyEnvironments() => Pairs(same: true);

    private static TheoryData<string, string> Pairs(bool same)
    {
        var data = new TheoryData<string, string>();
        foreach (var mine in Environments)
        {
            foreach (var theirs in Environments.Where(t => same || t != mine))
            {
                data.Add(mine, theirs);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OtherEnvironments))]
    public void Neither_role_of_one_environment_may_act_on_another_environments_stack(string mine, string theirs)
    {
        var (access, _) = Planned[mine].Value;
        var suite = Planned[theirs].Value.Suite;

        // Equal to nothing rather than Empty: a failure lists what was reached.
        Assert.Equal([], Reached(suite, access.ExecutionPolicy).Where(l => !Unscoped.Any(a => l.Contains($" {a} ", StringComparison.Ordinal))));
        Assert.Empty(Reached(suite, access.DeployPolicy));
        Assert.False(PolicyEvaluation.Allows(access.DeployPolicy, "cloudformation:ExecuteChangeSet", StackArn(AccessStack.SuiteStackNameOf(theirs)), NoContext));
    }

    [Theory]
    [MemberData(nameof(OtherEnvironments))]
    public void No_role_an_environment_creates_may_act_on_another_environments_resources(string mine, string theirs)
    {
        var boundary = Planned[mine].Value.Access.BoundaryPolicy;
        var suite = Planned[theirs].Value.Suite;
        // Every ARN of theirs, the objects, log streams and ECS tasks under them included.
        var targets = suite.AllResources.Select(r => r.Arn).OfType<string>()
            .SelectMany(arn => new[] { arn, $"{arn}/some-key", $"{arn}:log-stream:some-stream" })
            .Append($"arn:aws:ecs:ap-southeast-2:111122223333:task/{Scenarios.Cluster(theirs)}/0123456789abcdef");
        var inThisAccount = new Dictionary<string, string> { ["aws:ResourceAccount"] = "111122223333" };

        // Each ARN against the boundary's actions of its own service (X-Ray's writes reach no resource).
        Assert.Equal([], boundary.SelectMany(s => PolicyEvaluation.Values(s!["Action"])).Distinct()
            .SelectMany(action => targets.Where(arn => arn.StartsWith($"arn:aws:{action.Split(':')[0]}:", StringComparison.Ordinal) && PolicyEvaluation.Allows(boundary, action, arn, inThisAccount)).Select(arn => $"{action} on {arn}")));
    }

    [Theory]
    [MemberData(nameof(AnyEnvironments))]
    public void Neither_role_may_change_any_environments_deploy_access(string mine, string theirs)
    {
        var access = Planned[mine].Value.Access;
        var target = Planned[theirs].Value.Access;

        Assert.Empty(Reached(target.Plan, access.ExecutionPolicy));
        // The deploy role lists its own artifact bucket (sam deploy checks for artifacts already there).
        Assert.Equal(mine == theirs ? ["s3:ListBucket"] : [], Reached(target.Plan, access.DeployPolicy).Select(l => l.Split(' ')[2]).Distinct());
        foreach (var policy in new[] { access.ExecutionPolicy, access.DeployPolicy })
        {
            foreach (var action in new[] { "cloudformation:UpdateStack", "cloudformation:DeleteStack", "cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet" })
            {
                Assert.False(PolicyEvaluation.Allows(policy, action, StackArn(AccessStack.StackNameOf(theirs)), NoContext), action);
            }

            foreach (var action in new[] { "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion" })
            {
                Assert.False(PolicyEvaluation.Allows(policy, action, target.Boundary.Arn!, NoContext), action);
            }

            Assert.False(PolicyEvaluation.Allows(policy, "iam:UpdateOpenIDConnectProviderThumbprint", "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", NoContext));
        }
    }

    [Theory]
    [MemberData(nameof(OtherEnvironments))]
    public void No_alarm_of_one_environment_may_page_through_another_environments_topic(string mine, string theirs)
    {
        var (access, suite) = Planned[mine].Value;
        var alarm = suite.AllResources.First(r => r.Type == "AWS::CloudWatch::Alarm").Arn!;
        var theirTopic = Planned[theirs].Value.Suite.Resource("AlarmTopic")!.Arn!;
        var myTopic = suite.Resource("AlarmTopic")!.Arn!;

        Assert.True(PolicyEvaluation.Allows(access.ExecutionPolicy, "cloudwatch:PutMetricAlarm", alarm, new Dictionary<string, IReadOnlyList<string>> { ["cloudwatch:AlarmActions"] = [myTopic] }));
        Assert.False(PolicyEvaluation.Allows(access.ExecutionPolicy, "cloudwatch:PutMetricAlarm", alarm, new Dictionary<string, IReadOnlyList<string>> { ["cloudwatch:AlarmActions"] = [myTopic, theirTopic] }));
    }

    [Fact]
    public void A_role_that_could_reach_another_environment_is_found()
    {
        var (access, _) = Planned["dev"].Value;
        var widened = access.ExecutionPolicy;
        widened.Add(System.Text.Json.Nodes.JsonNode.Parse("""{"Sid":"TooWide","Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:ap-southeast-2:111122223333:lambdasuite-dev*"}"""));

        Assert.Contains(Reached(Planned["deveu"].Value.Suite, widened), l => l.StartsWith("allowed: AWS::SQS::Queue sqs:DeleteQueue (delete handler) on arn:aws:sqs:ap-southeast-2:111122223333:lambdasuite-deveu-", StringComparison.Ordinal));
    }

    private static readonly Dictionary<string, string> NoContext = [];

    private static IReadOnlyList<string> Reached(StackPlan stack, List<System.Text.Json.Nodes.JsonNode?> policy) => Requests.Check(stack, policy).Allowed;

    private static string StackArn(string name) => $"arn:aws:cloudformation:ap-southeast-2:111122223333:stack/{name}/1";
}
