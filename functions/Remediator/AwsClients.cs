using Amazon.DynamoDBv2;
using LambdaSuite.Common;
using LambdaSuite.Remediator.Aws.Ecs;
using LambdaSuite.Common.Logging;

namespace LambdaSuite.Remediator;

/// <summary>
/// The production AWS clients, created once per execution environment, with the time limits of
/// <see cref="Budgets"/> (the SDK defaults would let one call outlast the invocation). Endpoints come
/// from AWS_ENDPOINT_URL[_SERVICE] when set (the SDK honours them itself).
/// </summary>
internal static class AwsClients
{
    public static IAmazonDynamoDB CreateDynamoDb()
    {
        var config = new AmazonDynamoDBConfig();
        AwsClientSettings.Apply(config, "DYNAMODB", Budgets.DynamoDbAttempt, Budgets.DynamoDbConnect, Budgets.DynamoDbRetries);
        return new AmazonDynamoDBClient(config);
    }

    /// <summary>The chassis ECS client: SigV4, endpoint and region from the environment, retries with backoff on throttling and 5xx.</summary>
    public static IEcsClient CreateEcs(ILog log) => new EcsClient(
        new EcsClientOptions
        {
            AttemptTimeout = Budgets.EcsAttempt,
            Retry = new EcsRetryOptions { MaxAttempts = Budgets.EcsAttempts, TotalBudget = Budgets.EcsCall },
        },
        log);
}
