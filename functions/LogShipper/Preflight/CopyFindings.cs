using Amazon.Runtime;
using LambdaSuite.Common;
using LambdaSuite.LogShipper.Copying;
using static LambdaSuite.LogShipper.Preflight.PreflightCheck;

namespace LambdaSuite.LogShipper.Preflight;

/// <summary>
/// What the canary copy's outcome says about the destination: does the bucket exist, may this role
/// write there, may it use the key. Pure: it reads S3's answer (or error code and message) and
/// names the fix in the customer's terms.
/// </summary>
internal static class CopyFindings
{
    /// <summary>S3's own text is quoted up to this length: enough for an IAM denial naming principal, action and resource.</summary>
    private const int QuotedLength = 400;

    /// <summary>The destination-bucket-exists and copy-allowed entries.</summary>
    public static IEnumerable<PreflightCheck> Destination(LogShipperSettings settings, CopyOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(outcome);
        var bucket = settings.DestinationBucket;
        var target = $"s3://{bucket}/{Canary.DestinationKey(settings)}";
        switch (outcome.Status)
        {
            case CopyStatus.Shipped:
                yield return Pass(DestinationBucketExists, $"{bucket} took the copy");
                yield return Pass(CopyAllowed, $"CopyObject to {target} accepted with ExpectedBucketOwner {settings.DestinationBucketOwner}");
                yield break;
            case CopyStatus.Superseded:
                const string raced = "the source canary changed between its write and the copy (another preflight at the same moment?): run the preflight again";
                yield return Undecided(DestinationBucketExists, raced);
                yield return Undecided(CopyAllowed, raced);
                yield break;
        }

        var said = Said(outcome);
        switch (outcome.Category)
        {
            case ErrorClassifier.NoSuchBucket:
                yield return Fail(DestinationBucketExists, $"S3 answered NoSuchBucket for {bucket}: {said}",
                    $"The customer creates bucket {bucket} in account {settings.DestinationBucketOwner} (infra/customer/destination.yaml with CreateBucket=true), or DestinationBucket is corrected to the customer's bucket.");
                yield return Skip(CopyAllowed, $"bucket {bucket} does not exist");
                yield break;
            case ErrorClassifier.AccessDenied:
                yield return Pass(DestinationBucketExists, $"{bucket} exists: S3 refused access to it rather than answering NoSuchBucket");
                yield return Fail(CopyAllowed, $"S3 refused the copy to {target}: {said}", AccessFix(settings));
                yield break;
            case ErrorClassifier.KmsError:
                yield return Pass(DestinationBucketExists, $"{bucket} exists: the copy reached encryption");
                yield return Pass(CopyAllowed, "S3 authorised the write; it failed at KMS (see kms-key-usable)");
                yield break;
            default:
                // Throttling, 5xx, timeouts, the deadline, anything unmapped: after the SDK's retries nothing is decided.
                yield return Undecided(DestinationBucketExists, $"the copy ended in {outcome.Category}: {said}");
                yield return Undecided(CopyAllowed, $"the copy ended in {outcome.Category}: {said}");
                yield break;
        }
    }

    /// <summary>The kms-key-usable entry for a copy that failed at KMS, or null when the failure was not KMS's.</summary>
    public static PreflightCheck? KmsFailure(LogShipperSettings settings, CopyOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Category != ErrorClassifier.KmsError)
        {
            return null;
        }

        var said = Said(outcome);
        var code = (outcome.Exception as AmazonServiceException)?.ErrorCode ?? string.Empty;
        if (code.Contains("Throttl", StringComparison.OrdinalIgnoreCase))
        {
            return Undecided(KmsKeyUsable, $"KMS throttled S3's request: {said}");
        }

        if (settings.KmsKeyArn is not { } key)
        {
            return Fail(KmsKeyUsable, $"no DestinationKmsKeyArn is set, and the destination bucket's default encryption uses a KMS key this role may not use: {said}",
                "Set DestinationKmsKeyArn to the key of the destination bucket's default encryption (this stack lets the role use only that key); run the preflight again for the key policy statement the customer adds.");
        }

        var (account, region) = (key.Split(':')[4], key.Split(':')[3]);
        var fix = code switch
        {
            "KMS.DisabledException" => $"The customer enables the key: aws kms enable-key --key-id {key} (account {account}, Region {region}).",
            "KMS.KMSInvalidStateException" or "KMS.InvalidStateException" =>
                $"The key is pending deletion or otherwise unusable: the customer cancels its deletion and enables it (aws kms cancel-key-deletion --key-id {key}; aws kms enable-key --key-id {key}), or gives a new key for DestinationKmsKeyArn.",
            "KMS.NotFoundException" =>
                $"S3 finds no key {key}: it must exist in account {account} and in the destination bucket's Region ({region} per the ARN); set DestinationKmsKeyArn to the customer stack's output DestinationKmsKeyArn.",
            _ when DeniedByOwnPolicy(outcome) =>
                $"This role's own IAM policy does not let it use {key}, so nothing on the customer's side is at fault: deploy this stack's current template with DestinationKmsKeyArn={key} "
                + $"(its statement EncryptWithCustomerKey grants kms:GenerateDataKey and kms:Decrypt on that key through S3 in {region}), and check that the role's permissions boundary allows both actions.",
            _ => $"The key policy of {key} lets this role use the key through S3; the customer adds this statement (LogShipperEncryptsViaS3, as infra/customer/destination.yaml creates it): {CustomerStatements.KeyPolicy(settings)}",
        };
        return Fail(KmsKeyUsable, $"S3 could not encrypt with {key}: {said}", fix);
    }

    /// <summary>IAM's text for a request no policy of the caller's own allows (the key policy is "no resource-based policy").</summary>
    private static bool DeniedByOwnPolicy(CopyOutcome outcome)
        => outcome.Exception?.Message.Contains("no identity-based policy allows", StringComparison.Ordinal) == true;

    /// <summary>
    /// A 403 from a write names nothing across accounts ("Access Denied"): a wrong owner and a
    /// missing grant look the same, and the customer grants no ListBucket to tell them apart.
    /// </summary>
    private static string AccessFix(LogShipperSettings settings)
    {
        var fix = $"S3 answers a wrong bucket owner and a missing bucket policy grant with the same 403; check both. "
            + $"(1) Bucket {settings.DestinationBucket} belongs to account {settings.DestinationBucketOwner} (DestinationBucketOwner, sent as ExpectedBucketOwner); if not, set DestinationBucketOwner to the customer stack's output DestinationBucketOwner. "
            + $"(2) The bucket policy lets this role write under {settings.DestinationPrefix}*; the customer adds this statement (LogShipperWritesUnderPrefix, as infra/customer/destination.yaml creates it): {CustomerStatements.BucketPolicy(settings)}";
        return settings.KmsKeyArn is null
            ? fix
            : fix + $" (3) With SSE-KMS a plain 403 can also be the key policy: it lets this role use {settings.KmsKeyArn} through S3 with this statement (LogShipperEncryptsViaS3): {CustomerStatements.KeyPolicy(settings)}";
    }

    /// <summary>S3's error code, status and message (which names the refusing policy or KMS action when S3 gives one), quoted.</summary>
    public static string Said(CopyOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Exception is { } e ? Said(e) : InvalidInputException.Quote(outcome.Detail, QuotedLength);
    }

    public static string Said(Exception error) => error is AmazonServiceException s
        ? $"{s.ErrorCode ?? "Error"} ({(int)s.StatusCode}) {InvalidInputException.Quote(s.Message, QuotedLength)}"
        : $"{error.GetType().Name} {InvalidInputException.Quote(error.Message, QuotedLength)}";
}
