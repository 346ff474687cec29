namespace LambdaSuite.DeployRehearsal;

/// <summary>One set of template.yaml parameters the rehearsal deploys, and the access stack's parameters to match.</summary>
internal sealed record Scenario(string Name, IReadOnlyDictionary<string, string> TemplateParameters, IReadOnlyDictionary<string, string> AccessParameters);

/// <summary>Where LogShipper ships: the customer's bucket, its owner and key (the template's and the access stack's parameters alike).</summary>
internal sealed record Destination(string Bucket, string Owner, string KmsKeyArn);

/// <summary>
/// What the rehearsal deploys: every ShipperTrigger value (read from the template, so a new one is
/// covered), each with every optional part on (the preflight schedule included), and once more with
/// the parts that change what the roles reach inside this account: a destination bucket and key of
/// this account, and an existing alarm topic. All for the environment name and Region whose names
/// are longest (a 13-character environment makes the stack name as long as CloudFormation's
/// generated names keep whole). Other accounts' ARNs stand for the customer's bucket, key and topic.
/// </summary>
internal static class Scenarios
{
    public const string Environment = "rehearsal0001";

    public static readonly Placement Placement = new("aws", "ap-southeast-2", "111122223333");

    /// <summary>The customer's bucket and key in their own account.</summary>
    public static readonly Destination Customer = new("customer-access-log-archive", "444455556666", "arn:aws:kms:eu-west-1:444455556666:key/11112222-3333-4444-5555-666677778888");

    /// <summary>A destination in the environment's own account.</summary>
    public static readonly Destination SameAccount = new("rehearsal-shipped-logs", Placement.Account, $"arn:aws:kms:{Placement.Region}:{Placement.Account}:key/99998888-7777-6666-5555-444433332222");

    /// <summary>A topic of the account that the alarms notify instead of the stack's own (AlarmTopicArn).</summary>
    public static readonly string ExistingAlarmTopic = $"arn:aws:sns:{Placement.Region}:{Placement.Account}:oncall-pages";

    public static IReadOnlyDictionary<string, string> AccessParameters(string environment = Environment, string? topics = null, Destination? destination = null, string alarmTopic = "")
    {
        var to = destination ?? Customer;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EnvironmentName"] = environment,
            ["GitHubRepository"] = "octo/lambdasuite",
            ["RemediatorClusterName"] = Cluster(environment),
            ["RemediatorSnsTopicArns"] = topics ?? Topics(environment),
            ["AlarmTopicArn"] = alarmTopic,
            ["DestinationBucket"] = to.Bucket,
            ["DestinationBucketOwner"] = to.Owner,
            ["DestinationKmsKeyArn"] = to.KmsKeyArn,
        };
    }

    /// <summary>Every trigger, then this account's destination and an existing alarm topic.</summary>
    public static IEnumerable<Scenario> All(IEnumerable<string> triggers)
        => EveryTrigger(triggers).Append(InThisAccount());

    public static IEnumerable<Scenario> EveryTrigger(IEnumerable<string> triggers)
        => triggers.Select(trigger => new Scenario($"ShipperTrigger={trigger}", TemplateParameters(trigger), AccessParameters()));

    /// <summary>Shipping to a bucket and key of this account; alarms notify an existing topic (so no AlarmEmail, which needs the stack's own).</summary>
    public static Scenario InThisAccount()
    {
        var parameters = TemplateParameters("Sqs", destination: SameAccount);
        parameters["AlarmTopicArn"] = ExistingAlarmTopic;
        parameters["AlarmEmail"] = string.Empty;
        return new Scenario("ShipperTrigger=Sqs, destination and alarm topic in this account", parameters, AccessParameters(destination: SameAccount, alarmTopic: ExistingAlarmTopic));
    }

    public static Dictionary<string, string> TemplateParameters(string trigger, string environment = Environment, Destination? destination = null)
    {
        var to = destination ?? Customer;
        return new(StringComparer.Ordinal)
        {
            ["EnvironmentName"] = environment,
            ["ShipperTrigger"] = trigger,
            ["ShipperEnabled"] = "true",
            ["DestinationBucket"] = to.Bucket,
            ["DestinationBucketOwner"] = to.Owner,
            ["DestinationPrefix"] = "lambdasuite/",
            ["DestinationKmsKeyArn"] = to.KmsKeyArn,
            ["ElbLogDeliveryAccountId"] = "783225319266",
            ["ShipperBatchOperationsRole"] = "true",
            ["ShipperPreflightSchedule"] = "rate(1 day)",
            ["AlarmEmail"] = "oncall@example.com",
            ["RemediatorClusterName"] = Cluster(environment),
            ["RemediatorAllowedServices"] = $"{Cluster(environment)}/api",
            ["RemediatorSnsTopicArns"] = Topics(environment),
            ["RemediatedServiceName"] = "api",
            ["RemediatedServiceLoadBalancer"] = "app/rehearsal-alb/0123456789abcdef",
            ["RemediatedServiceTargetGroup"] = "targetgroup/rehearsal-api/0123456789abcdef",
            ["UserPoolThreatProtection"] = "ENFORCED",
        };
    }

    /// <summary>Each environment's own ECS cluster, as its boundary assumes.</summary>
    public static string Cluster(string environment) => $"{environment}-cluster";

    // Three topics of the environment's own (Unsubscribe names no endpoint, so environments sharing a
    // topic could touch each other's subscriptions): this account in this Region, this account in
    // another Region, another account.
    private static string Topics(string environment)
        => $"arn:aws:sns:{Placement.Region}:{Placement.Account}:{environment}-alarms,arn:aws:sns:us-east-1:{Placement.Account}:{environment}-alarms-us-east-1,arn:aws:sns:{Placement.Region}:444455556666:{environment}-customer-alarms";
}
