using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LambdaSuite.Common.Ecs;
using LambdaSuite.Common.Logging;

namespace LambdaSuite.Remediator;

/// <summary>
/// The production AWS clients, created once per execution environment. Explicit timeouts: the SDK
/// default would let an unreachable endpoint hold the invocation far past any useful point.
/// Endpoints come from AWS_ENDPOINT_URL[_SERVICE] when set (the SDK honours them itself).
/// </summary>
internal static class AwsClients
{
    public static readonly TimeSpan DynamoDbTimeout = TimeSpan.FromSeconds(3);

    public static IAmazonDynamoDB CreateDynamoDb() => new AmazonDynamoDBClient(new AmazonDynamoDBConfig
    {
        Timeout = DynamoDbTimeout,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        RetryMode = RequestRetryMode.Standard,
        MaxErrorRetry = 2,
    });

    /// <summary>The chassis ECS client: SigV4, endpoint and region from the environment, retries with backoff on throttling and 5xx.</summary>
    public static IEcsClient CreateEcs(ILog log) => new EcsClient(new EcsClientOptions(), log);
}
