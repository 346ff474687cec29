using LambdaSuite.LogShipper.Copying;
using static LambdaSuite.LogShipper.Preflight.PreflightCheck;

namespace LambdaSuite.LogShipper.Preflight;

/// <summary>
/// What S3's answer to a successful canary copy says about encryption: was the configured key used
/// (or, without one, the bucket's default applied), and did KMS work for this role. An answer that
/// names no encryption cannot decide either: real S3 names it for every write, an emulator may not.
/// </summary>
internal static class EncryptionFindings
{
    public const string NotNamed = "S3's answer named no encryption (real S3 names it for every write; an emulator such as fauxqs does not), so this cannot be decided here";

    public static IEnumerable<PreflightCheck> Of(LogShipperSettings settings, ObjectEncryption? seen)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (seen?.Algorithm is not { } algorithm)
        {
            yield return Skip(EncryptionAsConfigured, NotNamed);
            yield return Skip(KmsKeyUsable, NotNamed);
            yield break;
        }

        var described = Describe(seen);
        var usedKms = algorithm.StartsWith("aws:kms", StringComparison.Ordinal);
        if (settings.KmsKeyArn is { } key)
        {
            yield return usedKms && SameKey(key, seen.KmsKeyId)
                ? Pass(EncryptionAsConfigured, $"S3 encrypted the copy with {described}, the configured key")
                : Fail(EncryptionAsConfigured, $"S3 encrypted the copy with {described}, not aws:kms with the configured key {key}",
                    $"The copy named aws:kms with {key} and S3 applied something else: the customer checks bucket {settings.DestinationBucket}'s default encryption and policy (infra/customer/destination.yaml sets SSE-KMS with that key and a bucket key), and DestinationKmsKeyArn is the key the customer gave (their stack's output DestinationKmsKeyArn).");
            yield return usedKms
                ? Pass(KmsKeyUsable, $"S3 used {seen.KmsKeyId ?? key} for this role")
                : Skip(KmsKeyUsable, $"S3 did not use KMS ({algorithm}; see encryption-as-configured)");
            yield break;
        }

        yield return Pass(EncryptionAsConfigured, $"no DestinationKmsKeyArn: S3 applied the bucket's default, {described}");
        yield return usedKms
            ? Pass(KmsKeyUsable, $"the bucket's default key {seen.KmsKeyId ?? "(not named)"} worked for this role")
            : Skip(KmsKeyUsable, $"no KMS key involved: no DestinationKmsKeyArn, and the bucket's default is {algorithm}");
    }

    /// <summary>S3 names the key by ARN; a bare key id matches the ARN's last part.</summary>
    private static bool SameKey(string configured, string? named)
        => named is not null && (string.Equals(configured, named, StringComparison.Ordinal) || configured.EndsWith("/" + named, StringComparison.Ordinal));

    private static string Describe(ObjectEncryption seen)
    {
        var text = seen.Algorithm == "AES256" ? "AES256 (SSE-S3)" : seen.Algorithm!;
        if (seen.KmsKeyId is { } keyId)
        {
            text += $", key {keyId}";
        }

        // A bucket key exists only for SSE-KMS.
        return (seen.Algorithm!.StartsWith("aws:kms", StringComparison.Ordinal), seen.BucketKeyEnabled) switch
        {
            (true, true) => text + ", bucket key on",
            (true, false) => text + ", bucket key off",
            _ => text,
        };
    }
}
