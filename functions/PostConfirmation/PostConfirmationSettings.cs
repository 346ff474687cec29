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
internal sealed record PostConfirmationSettings
{
    public const string TableVariable = "USERS_TABLE_NAME";
    public const string AttemptTimeoutVariable = "DYNAMODB_ATTEMPT_TIMEOUT_MS";
    public const string MaxRetriesVariable = "DYNAMODB_MAX_RETRIES";
    public const string DeadlineVariable = "DYNAMODB_DEADLINE_MS";

    /// <summary>Cognito's own limit; no configuration may plan to run past it.</summary>
    public const int CognitoWaitMs = 5000;

    /// <summary>Kept free of DynamoDB for a cold start, reading the event and returning it.</summary>
    public const int ColdStartReserveMs = 2000;

    /// <summary>The largest deadline (and attempt timeout) any configuration may set: Cognito's wait minus the reserve.</summary>
    public const int MaxDeadlineMs = CognitoWaitMs - ColdStartReserveMs;

    private const int DefaultAttemptTimeoutMs = 1000;
    private const int MaxConnectTimeoutMs = 1000;
    private const int DefaultMaxRetries = 1;
    private const int DefaultDeadlineMs = 3000;

    public string TableName { get; init; } = string.Empty;

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMilliseconds(DefaultAttemptTimeoutMs);

    /// <summary>The TCP connect's own limit: the attempt timeout, at most 1,000 ms.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromMilliseconds(Math.Min(DefaultAttemptTimeoutMs, MaxConnectTimeoutMs));

    public int MaxRetries { get; init; } = DefaultMaxRetries;

    public TimeSpan Deadline { get; init; } = TimeSpan.FromMilliseconds(DefaultDeadlineMs);

    /// <summary>
    /// Kept between the end of the DynamoDB call and Lambda's deadline, for the answer and the
    /// metrics: a call cut by the deadline still ends as a logged, counted error, not a timeout.
    /// </summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The DynamoDB client's limits; <see cref="Deadline"/> bounds the whole call on top.</summary>
    public AwsCallLimits DynamoDbLimits => new(AttemptTimeout, ConnectTimeout, MaxRetries);

    public static PostConfirmationSettings FromEnvironment(EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(env);
        // An attempt longer than the largest deadline could never run to its end, so it shares the cap.
        var attempt = env.GetInteger(AttemptTimeoutVariable, DefaultAttemptTimeoutMs, 100, MaxDeadlineMs);
        return new PostConfirmationSettings
        {
            TableName = env.GetTableName(TableVariable),
            AttemptTimeout = TimeSpan.FromMilliseconds(attempt),
            ConnectTimeout = TimeSpan.FromMilliseconds(Math.Min(attempt, MaxConnectTimeoutMs)),
            MaxRetries = env.GetInteger(MaxRetriesVariable, DefaultMaxRetries, 0, 3),
            Deadline = TimeSpan.FromMilliseconds(env.GetInteger(DeadlineVariable, DefaultDeadlineMs, 200, MaxDeadlineMs)),
        };
    }
}
