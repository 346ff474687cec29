namespace LambdaSuite.DeployRehearsal;

/// <summary>One set of template.yaml parameters the rehearsal deploys, and the access stack's parameters to match.</summary>
internal sealed record Scenario(string Name, IReadOnlyDictionary<string, string> TemplateParameters, IReadOnlyDictionary<string, string> AccessParameters);

/// <summary>
/// What the rehearsal deploys: every ShipperTrigger value (read from the template, so a new one is
/// covered), each with every optional part on, for the environment name and Region whose names are
/// longest (a 13-character environment makes the stack name as long as CloudFormation's generated
/// names keep whole). Other accounts' ARNs stand for the customer's bucket, key and topic.
/// </summary>
internal static class Scenarios
{
    public const string Environment = "rehearsal0001";

    public static readonly Placement Placement = new("aws", "ap-southeast-2", "111122223333");

    public static IReadOnlyDictionary<string, string> AccessParameters(string environment = Environment, string? topics = null) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["EnvironmentName"] = environment,
        ["GitHubRepository"] = "octo/lambdasuite",
        ["RemediatorClusterName"] = Cluster(environment),
        ["RemediatorSnsTopicArns"] = topics ?? Topics(environment),
    };

    public static IEnumerable<Scenario> EveryTrigger(IEnumerable<string> triggers)
        => triggers.Select(trigger => new Scenario($"ShipperTrigger={trigger}", TemplateParameters(trigger), AccessParameters()));

    public static Dictionary<string, string> TemplateParameters(string trigger, string environment = Environment) => new(StringComparer.Ordinal)
    {
        ["EnvironmentName"] = environment,
        ["ShipperTrigger"] = trigger,
        ["ShipperEnabled"] = "true",
        ["DestinationBucket"] = "customer-access-log-archive",
        ["DestinationBucketOwner"] = "444455556666",
        ["DestinationPrefix"] = "lambdasuite/",
        ["DestinationKmsKeyArn"] = "arn:aws:kms:eu-west-1:444455556666:key/11112222-3333-4444-5555-666677778888",
        ["ElbLogDeliveryAccountId"] = "783225319266",
        ["ShipperBatchOperationsRole"] = "true",
        ["AlarmEmail"] = "oncall@example.com",
        ["RemediatorClusterName"] = Cluster(environment),
        ["RemediatorAllowedServices"] = $"{Cluster(environment)}/api",
        ["RemediatorSnsTopicArns"] = Topics(environment),
        ["RemediatedServiceName"] = "api",
        ["RemediatedServiceLoadBalancer"] = "app/rehearsal-alb/0123456789abcdef",
        ["RemediatedServiceTargetGroup"] = "targetgroup/rehearsal-api/0123456789abcdef",
        ["UserPoolThreatProtection"] = "ENFORCED",
    };

    /// <summary>Each environment's own ECS cluster, as its boundary assumes.</summary>
    public static string Cluster(string environment) => $"{environment}-cluster";

    // Three topics of the environment's own (Unsubscribe names no endpoint, so environments sharing a
    // topic could touch each other's subscriptions): this account in this Region, this account in
    // another Region, another account.
    private static string Topics(string environment)
        => $"arn:aws:sns:{Placement.Region}:{Placement.Account}:{environment}-alarms,arn:aws:sns:us-east-1:{Placement.Account}:{environment}-alarms-us-east-1,arn:aws:sns:{Placement.Region}:444455556666:{environment}-customer-alarms";
}
