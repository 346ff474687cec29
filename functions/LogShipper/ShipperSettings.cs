using System.Text.RegularExpressions;
using LambdaSuite.Common.Configuration;

namespace LambdaSuite.LogShipper;

/// <summary>Everything the function reads from its environment, validated once at init.</summary>
internal sealed partial record ShipperSettings
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
    public int CopyConcurrency { get; init; } = 8;
    public int PartConcurrency { get; init; } = 4;
    public long MultipartThresholdBytes { get; init; } = CopyObjectLimit;
    public long PartSizeBytes { get; init; } = 512 * MiB;

    public static ShipperSettings Load(EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var enabled = env.GetBool("SHIPPER_ENABLED", false);
        var settings = new ShipperSettings
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
            CopyConcurrency = env.GetInt32("COPY_CONCURRENCY", 8, 1, 64),
            PartConcurrency = env.GetInt32("PART_CONCURRENCY", 4, 1, 32),
            MultipartThresholdBytes = env.GetInt64("MULTIPART_THRESHOLD_BYTES", CopyObjectLimit, MinPartSize, CopyObjectLimit),
            PartSizeBytes = env.GetInt64("MULTIPART_PART_SIZE_BYTES", 512 * MiB, MinPartSize, MaxPartSize),
        };
        settings.RefuseRecursion();
        return settings;
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

    [GeneratedRegex(@"^[^/].{0,511}$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex PrefixPattern();
}
