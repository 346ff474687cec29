using System.Text.RegularExpressions;
using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;

namespace LambdaSuite.LogShipper;

/// <summary>Everything the function reads from its environment, validated once at init.</summary>
internal sealed partial record LogShipperSettings
{
    public const long MiB = 1024L * 1024;
    public const long GiB = 1024L * MiB;

    /// <summary>S3 limits: parts are 5 MiB..5 GiB (the last may be smaller), CopyObject copies at most 5 GiB.</summary>
    public const long MinPartSize = 5 * MiB;
    public const long MaxPartSize = 5 * GiB;
    public const long CopyObjectLimit = 5 * GiB;

    public bool Enabled { get; init; }
    public string SourceBucket { get; init; } = string.Empty;
    public string SourcePrefix { get; init; } = string.Empty;
    public string? SourceBucketOwner { get; init; }
    public string DestinationBucket { get; init; } = string.Empty;
    public string DestinationPrefix { get; init; } = string.Empty;
    public string? DestinationBucketOwner { get; init; }
    public string? KmsKeyArn { get; init; }

    /// <summary>The function's own role (the principal the customer's policies name): only the preflight's fixes use it.</summary>
    public string? RoleArn { get; init; }
    public int CopyConcurrency { get; init; } = 8;
    public int PartConcurrency { get; init; } = 4;
    public long MultipartThresholdBytes { get; init; } = CopyObjectLimit;
    public long PartSizeBytes { get; init; } = 512 * MiB;

    /// <summary>At most this many S3 requests in flight (COPY_CONCURRENCY x PART_CONCURRENCY): also the client's connection limit.</summary>
    public const int MaxRequestsInFlight = 64;

    /// <summary>Stop this long before Lambda's deadline: room for the aborts (<see cref="AbortBudget"/>), the answer and the metrics.</summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a multipart abort may take; it runs after the copy's own token may already have fired.</summary>
    public TimeSpan AbortBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The SDK's per-attempt timeout: S3_REQUEST_TIMEOUT_SECONDS, or null until <see cref="SizedFor"/>
    /// picks the largest that fits the function's Timeout.
    /// </summary>
    public TimeSpan? S3RequestTimeout { get; init; }

    public TimeSpan S3ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public int S3MaxErrorRetry { get; init; } = 2;
    public bool S3ForcePathStyle { get; init; }

    /// <summary>The S3 client's limits; the attempt timeout must have been sized (<see cref="SizedFor"/>) first.</summary>
    public AwsCallLimits S3Limits => new(
        S3RequestTimeout ?? throw new InvalidOperationException("the S3 attempt timeout is sized (SizedFor) before the client is created"),
        S3ConnectTimeout,
        S3MaxErrorRetry);

    /// <summary>
    /// Longest the SDK can spend on one request: every attempt times out, with the standard retry
    /// mode's backoff (at most 20 s) between attempts.
    /// </summary>
    public static TimeSpan WorstCaseRequest(TimeSpan attemptTimeout, int maxErrorRetry)
        => attemptTimeout * (maxErrorRetry + 1) + MaxRetryBackoff * maxErrorRetry;

    private static readonly TimeSpan MaxRetryBackoff = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan MinAttemptTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxAttemptTimeout = TimeSpan.FromSeconds(300);

    public static LogShipperSettings FromEnvironment(EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var enabled = env.GetBool("SHIPPER_ENABLED", false);
        var settings = new LogShipperSettings
        {
            Enabled = enabled,
            SourceBucket = enabled ? RequiredBucket(env, "SOURCE_BUCKET") : env.GetBucketName("SOURCE_BUCKET") ?? string.Empty,
            SourcePrefix = Prefix(env, "SOURCE_PREFIX"),
            SourceBucketOwner = env.GetAccountId("SOURCE_BUCKET_OWNER"),
            DestinationBucket = enabled ? RequiredBucket(env, "DESTINATION_BUCKET") : env.GetBucketName("DESTINATION_BUCKET") ?? string.Empty,
            DestinationPrefix = Prefix(env, "DESTINATION_PREFIX"),
            // Without it a deleted-and-recreated customer bucket name could receive our logs.
            DestinationBucketOwner = enabled
                ? env.GetAccountId("DESTINATION_BUCKET_OWNER") ?? throw new ConfigurationException("DESTINATION_BUCKET_OWNER is required: expected the 12-digit account id that owns DESTINATION_BUCKET")
                : env.GetAccountId("DESTINATION_BUCKET_OWNER"),
            KmsKeyArn = env.GetMatching("DESTINATION_KMS_KEY_ARN", KmsKeyArnPattern(), "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or empty for SSE-S3"),
            RoleArn = env.GetMatching("SHIPPER_ROLE_ARN", RoleArnPattern(), "an IAM role ARN (arn:aws:iam::<account>:role/<name>) or empty"),
            CopyConcurrency = env.GetInteger("COPY_CONCURRENCY", 8, 1, 64),
            PartConcurrency = env.GetInteger("PART_CONCURRENCY", 4, 1, 32),
            MultipartThresholdBytes = env.GetInteger("MULTIPART_THRESHOLD_BYTES", CopyObjectLimit, MinPartSize, CopyObjectLimit),
            PartSizeBytes = env.GetInteger("MULTIPART_PART_SIZE_BYTES", 512 * MiB, MinPartSize, MaxPartSize),
            S3ConnectTimeout = TimeSpan.FromSeconds(env.GetInteger("S3_CONNECT_TIMEOUT_SECONDS", 5, 1, 60)),
            S3MaxErrorRetry = env.GetInteger("S3_MAX_ERROR_RETRY", 2, 0, 10),
            S3ForcePathStyle = env.GetBool("S3_FORCE_PATH_STYLE", false),
        };
        settings.RefuseRecursion();
        settings.RefuseTooManyRequestsInFlight();
        var attempt = env.Get("S3_REQUEST_TIMEOUT_SECONDS") is null ? (TimeSpan?)null : TimeSpan.FromSeconds(env.GetInteger("S3_REQUEST_TIMEOUT_SECONDS", 0, 5, 900));
        return settings with { S3RequestTimeout = attempt };
    }

    /// <summary>
    /// Every S3 request must be able to finish (all retries included) before the invocation's
    /// deadline; otherwise the deadline, not S3, decides every slow copy. Lambda gives every
    /// invocation of an execution environment the function's Timeout, so the first invocation's
    /// remaining time sizes the one S3 client: without S3_REQUEST_TIMEOUT_SECONDS the attempt
    /// timeout is the largest that fits, and a configured one that cannot fit is refused.
    /// </summary>
    /// <param name="timeout">The time left at the start of an invocation (the function's Timeout).</param>
    public LogShipperSettings SizedFor(TimeSpan timeout)
    {
        var budget = timeout - DeadlineMargin;
        var fitting = TimeSpan.FromSeconds(Math.Floor(Math.Min(
            ((budget - MaxRetryBackoff * S3MaxErrorRetry) / (S3MaxErrorRetry + 1)).TotalSeconds, MaxAttemptTimeout.TotalSeconds)));
        var attempt = S3RequestTimeout ?? fitting;
        if (attempt < MinAttemptTimeout || WorstCaseRequest(attempt, S3MaxErrorRetry) > budget)
        {
            var (name, value) = S3RequestTimeout is null ? ("S3_MAX_ERROR_RETRY", (double)S3MaxErrorRetry) : ("S3_REQUEST_TIMEOUT_SECONDS", attempt.TotalSeconds);
            throw new ConfigurationException(
                $"{name}=\"{value}\" is invalid: expected {S3MaxErrorRetry + 1} attempts (S3_MAX_ERROR_RETRY={S3MaxErrorRetry}) of at least {MinAttemptTimeout.TotalSeconds} s "
                + $"with up to {MaxRetryBackoff.TotalSeconds} s backoff between them to fit in the function's Timeout ({Math.Round(timeout.TotalSeconds)} s) minus {DeadlineMargin.TotalSeconds} s; "
                + $"the largest attempt timeout that fits is {Math.Max(0, fitting.TotalSeconds)} s");
        }

        return this with { S3RequestTimeout = attempt };
    }

    /// <summary>Each of COPY_CONCURRENCY copies can run PART_CONCURRENCY part copies: the product is what hits S3 and the HTTP client at once.</summary>
    private void RefuseTooManyRequestsInFlight()
    {
        if (CopyConcurrency * PartConcurrency > MaxRequestsInFlight)
        {
            throw new ConfigurationException(
                $"PART_CONCURRENCY=\"{PartConcurrency}\" is invalid: expected COPY_CONCURRENCY x PART_CONCURRENCY ({CopyConcurrency} x {PartConcurrency}) at most {MaxRequestsInFlight}");
        }
    }

    /// <summary>
    /// A destination that overlaps the watched source location would fire a new event for every
    /// copy: an endless loop that also bills S3 and Lambda. Refused at init.
    /// </summary>
    public void RefuseRecursion()
    {
        if (DestinationBucket.Length == 0 || !string.Equals(DestinationBucket, SourceBucket, StringComparison.Ordinal))
        {
            return;
        }

        if (DestinationPrefix.StartsWith(SourcePrefix, StringComparison.Ordinal) || SourcePrefix.StartsWith(DestinationPrefix, StringComparison.Ordinal))
        {
            throw new ConfigurationException(
                $"DESTINATION_PREFIX=\"{DestinationPrefix}\" is invalid: expected a location outside the watched SOURCE_BUCKET/SOURCE_PREFIX \"{SourceBucket}/{SourcePrefix}\" (copies would trigger themselves)");
        }
    }

    private static string RequiredBucket(EnvironmentReader env, string name)
        => env.GetBucketName(name) ?? throw new ConfigurationException($"{name} is required when SHIPPER_ENABLED=true: expected an S3 bucket name");

    private static string Prefix(EnvironmentReader env, string name)
        => env.GetMatching(name, PrefixPattern(), "a key prefix without a leading '/' (e.g. logs/), at most 512 characters") ?? string.Empty;

    [GeneratedRegex(@"^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex KmsKeyArnPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[^/].{0,511}$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex PrefixPattern();
}
