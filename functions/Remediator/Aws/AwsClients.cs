using Amazon.DynamoDBv2;
using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.Remediator.Aws.Ecs;

namespace LambdaSuite.Remediator.Aws;

/// <summary>
/// The production AWS clients, created once per execution environment, with the time limits of
/// <see cref="Budgets"/> (the SDK defaults would let one call outlast the invocation). Endpoints come
/// from AWS_ENDPOINT_URL[_SERVICE] when set.
/// </summary>
internal static class AwsClients
{
    public static IAmazonDynamoDB CreateDynamoDb(EnvironmentReader env)
        => new AmazonDynamoDBClient(AwsClientFactory.Config<AmazonDynamoDBConfig>("DYNAMODB", Budgets.DynamoDb, env));

    /// <summary>SigV4, endpoint and region from <paramref name="env"/>, retries with backoff on throttling and 5xx, all timers on <paramref name="time"/>.</summary>
    public static EcsClient CreateEcs(EnvironmentReader env, TimeProvider time, ILog log) => new(
        new EcsClientOptions
        {
            Environment = env,
            Time = time,
            AttemptTimeout = Budgets.EcsAttempt,
            Retry = new EcsRetryOptions { MaxAttempts = Budgets.EcsAttempts, TotalBudget = Budgets.EcsCall },
        },
        log);
}
