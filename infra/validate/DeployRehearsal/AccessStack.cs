using System.Text.Json.Nodes;
using LambdaSuite.LocalInvoke;

namespace LambdaSuite.DeployRehearsal;

/// <summary>
/// infra/github-oidc.yaml as CloudFormation would create it for one environment: the stack
/// lambdasuite-access-&lt;environment&gt; with its roles, boundary and artifact bucket named, and the
/// policies of both roles and the boundary resolved to plain statements.
/// </summary>
internal sealed class AccessStack
{
    public const string TemplatePath = "infra/github-oidc.yaml";

    private AccessStack(StackPlan plan) => Plan = plan;

    public StackPlan Plan { get; }

    public static string StackNameOf(string environment) => $"lambdasuite-access-{environment}";

    /// <summary>The environment's suite stack, which the access stack's roles are for.</summary>
    public static string SuiteStackNameOf(string environment) => $"lambdasuite-{environment}";

    public PlannedResource ExecutionRole => Plan.Resource("CloudFormationExecutionRole")!;
    public PlannedResource DeployRole => Plan.Resource("DeployRole")!;
    public PlannedResource Boundary => Plan.Resource("PermissionsBoundary")!;
    public PlannedResource ArtifactBucket => Plan.Resource("ArtifactBucket")!;

    /// <summary>The execution role's inline policies' statements.</summary>
    public List<JsonNode?> ExecutionPolicy => InlineStatements(ExecutionRole);

    public List<JsonNode?> DeployPolicy => InlineStatements(DeployRole);

    public List<JsonNode?> DeployTrust => [.. Plan.Values(DeployRole, "AssumeRolePolicyDocument.Statement").Select(s => s.DeepClone())];

    public List<JsonNode?> BoundaryPolicy => [.. Plan.Values(Boundary, "PolicyDocument.Statement").Select(s => s.DeepClone())];

    /// <param name="parameters">Parameters of infra/github-oidc.yaml; EnvironmentName among them.</param>
    public static AccessStack Create(string root, IReadOnlyDictionary<string, string> parameters, Placement placement, ResourceModel model, HandlerFacts facts)
    {
        var environment = parameters["EnvironmentName"];
        var path = Path.Combine(root, TemplatePath);
        var known = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GitHubOidcProvider"] = $"arn:{placement.Partition}:iam::{placement.Account}:oidc-provider/token.actions.githubusercontent.com",
        };
        var executionRole = $"arn:{placement.Partition}:iam::{placement.Account}:role/lambdasuite-access/lambdasuite-access-{environment}-cfn-execution";
        var plan = StackPlan.Create(new StackInput(CfnYaml.LoadFile(path), path, parameters, StackNameOf(environment), placement, model, facts, executionRole, known));
        var access = new AccessStack(plan);
        if (access.ExecutionRole.Arn != executionRole)
        {
            throw new InvalidOperationException($"{TemplatePath}: the execution role is {access.ExecutionRole.Arn}, not {executionRole} as its own policy and template.yaml assume");
        }

        return access;
    }

    private List<JsonNode?> InlineStatements(PlannedResource role)
        => [.. Plan.Values(role, "Policies.PolicyDocument.Statement").Select(s => s.DeepClone())];
}
