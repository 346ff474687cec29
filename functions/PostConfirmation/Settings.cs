using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;

namespace LambdaSuite.PostConfirmation;

/// <summary>
/// Validated configuration, read once per execution environment.
/// </summary>
/// <remarks>
/// Time budget: Cognito waits 5 s for the trigger, then retries it. With the defaults each HTTP
/// attempt is cut at <see cref="AttemptTimeout"/> = 1,000 ms (the TCP connect alone at
/// <see cref="ConnectTimeout"/> = 1,000 ms); <see cref="MaxRetries"/> = 1 gives 2 attempts, and the
/// SDK's standard-mode back-off before retry n is random(0..1) x 2^(n-1) x 1,000 ms, so at most
/// 1,000 ms: 1,000 + 1,000 + 1,000 = 3,000 ms. Whatever the settings, <see cref="Deadline"/> (a
/// cancellation token on the call) ends it, and no configuration may set it above
/// <see cref="MaxDeadlineMs"/> = 5,000 - <see cref="ColdStartReserveMs"/> = 3,000 ms, so the
/// reserve for a cold start, parsing and the response is always kept. See README.md.
/// </remarks>
internal sealed record Settings(
    string TableName,
    TimeSpan AttemptTimeout,
    TimeSpan ConnectTimeout,
    int MaxRetries,
    TimeSpan Deadline)
{
    public const string TableVariable = "USERS_TABLE_NAME";
    public const string AttemptTimeoutVariable = "DYNAMODB_ATTEMPT_TIMEOUT_MS";
    public const string MaxRetriesVariable = "DYNAMODB_MAX_RETRIES";
    public const string DeadlineVariable = "DYNAMODB_DEADLINE_MS";

    /// <summary>Cognito's own limit; no configuration may plan to run past it.</summary>
    public const int CognitoWaitMs = 5000;

    /// <summary><see cref="CognitoWaitMs"/> as a span.</summary>
    public static readonly TimeSpan CognitoWait = TimeSpan.FromMilliseconds(CognitoWaitMs);

    /// <summary>Kept free of DynamoDB for a cold start, reading the event and returning it.</summary>
    public const int ColdStartReserveMs = 2000;

    /// <summary>The largest deadline (and attempt timeout) any configuration may set: Cognito's wait minus the reserve.</summary>
    public const int MaxDeadlineMs = CognitoWaitMs - ColdStartReserveMs;

    /// <summary>The DynamoDB client's limits; <see cref="Deadline"/> bounds the whole call on top.</summary>
    public AwsCallLimits DynamoDbLimits => new(AttemptTimeout, ConnectTimeout, MaxRetries);

    public static Settings Defaults(string tableName) => new(
        tableName, TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1000), 1, TimeSpan.FromMilliseconds(3000));

    public static Settings FromEnvironment(EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var table = env.GetTableName(TableVariable);
        // An attempt longer than the largest deadline could never run to its end, so it shares the cap.
        var attempt = env.GetInteger(AttemptTimeoutVariable, 1000, 100, MaxDeadlineMs);
        var retries = env.GetInteger(MaxRetriesVariable, 1, 0, 3);
        var deadline = env.GetInteger(DeadlineVariable, 3000, 200, MaxDeadlineMs);
        var connect = Math.Min(attempt, 1000);
        return new Settings(table, TimeSpan.FromMilliseconds(attempt), TimeSpan.FromMilliseconds(connect), retries, TimeSpan.FromMilliseconds(deadline));
    }
}
