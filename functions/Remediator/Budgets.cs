using LambdaSuite.Common.Aws;

namespace LambdaSuite.Remediator;

/// <summary>
/// Time limits of the AWS calls, sized against the function's Timeout (30 s by default; the README
/// has the arithmetic). Everything before StopTask also shares the invocation deadline (Lambda's,
/// minus <see cref="RemediatorSettings.DeadlineMargin"/>); the clean-up after a failure or the deadline has
/// its own short budget so it still runs when the deadline has fired. The function's own timers run
/// on its TimeProvider; the DynamoDB client's attempt and connect timeouts are the SDK's, on real time.
/// </summary>
internal static class Budgets
{
    /// <summary>Each DynamoDB call: 2 s attempts (1 s to connect), at most 2 retries.</summary>
    public static readonly AwsCallLimits DynamoDb = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), MaxErrorRetry: 2);

    public static readonly TimeSpan EcsAttempt = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan EcsCall = TimeSpan.FromSeconds(5);
    public const int EcsAttempts = 3;

    /// <summary>Marking the lock STOPPING just before StopTask (within the deadline too): keeps the sum of the steps below it.</summary>
    public static readonly TimeSpan Mark = TimeSpan.FromSeconds(3);

    /// <summary>Releasing or recording on the lock item after a failure, a refusal by ECS, or the deadline.</summary>
    public static readonly TimeSpan Cleanup = TimeSpan.FromSeconds(2);
}
