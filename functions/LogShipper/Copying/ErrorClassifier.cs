using System.Net;
using System.Text.RegularExpressions;
using Amazon.Runtime;

namespace LambdaSuite.LogShipper.Copying;

/// <summary>
/// Maps what S3 (or the network) said to a reason category. By the time an exception reaches us
/// the SDK has already retried throttling, 5xx and timeouts (standard retry mode).
/// </summary>
internal static partial class ErrorClassifier
{
    public const string SourceMissing = "SourceMissing";
    public const string NoSuchBucket = "NoSuchBucket";
    public const string AccessDenied = "AccessDenied";
    public const string KmsError = "KmsError";
    public const string Throttled = "Throttled";
    public const string ServerError = "ServerError";
    public const string Timeout = "Timeout";
    public const string Network = "Network";
    public const string InvalidRequest = "InvalidRequest";
    public const string MultipartUploadLost = "MultipartUploadLost";
    public const string Unexpected = "Unexpected";

    /// <summary>Cut off (or never started) at the invocation deadline: the retry ships the object.</summary>
    public const string DeadlineExceeded = "DeadlineExceeded";

    /// <summary>True when S3 rejected the If-Match pin: a newer write replaced the object (412).</summary>
    public static bool IsPreconditionFailed(Exception e)
        => e is AmazonServiceException s && (s.StatusCode == HttpStatusCode.PreconditionFailed || s.ErrorCode == "PreconditionFailed");

    /// <summary>
    /// S3 refuses a CopyObject of more than 5 GiB with this error: the copy then goes through parts.
    /// </summary>
    public static bool IsTooLargeForCopyObject(AmazonServiceException e)
        => e is not null && (e.ErrorCode == "EntityTooLarge"
            || (e.ErrorCode == "InvalidRequest" && e.Message?.Contains("maximum allowable size", StringComparison.OrdinalIgnoreCase) == true));

    /// <summary>
    /// Failures after which the write may nevertheless have been applied: a timed-out or dropped
    /// attempt that S3 carried out, followed by retries that failed or found the upload gone.
    /// </summary>
    public static bool MayHideAppliedWrite(string category) => category is ServerError or Timeout or Network or Throttled or MultipartUploadLost;

    /// <param name="sourceRead">True for HeadObject on the source, where a bare 404 can only mean the object is gone.</param>
    public static string Categorize(Exception e, bool sourceRead = false) => e switch
    {
        AmazonServiceException s when s.ErrorCode is "NoSuchKey" or "NoSuchVersion" => SourceMissing,
        AmazonServiceException s when sourceRead && s.StatusCode == HttpStatusCode.NotFound => SourceMissing,
        AmazonServiceException s when s.ErrorCode == "NoSuchBucket" => NoSuchBucket,
        AmazonServiceException s when s.ErrorCode == "NoSuchUpload" => MultipartUploadLost,
        AmazonServiceException s when s.ErrorCode?.StartsWith("KMS.", StringComparison.Ordinal) == true => KmsError,
        AmazonServiceException s when s.StatusCode == HttpStatusCode.Forbidden && MentionsKms(s.Message) => KmsError,
        AmazonServiceException s when s.ErrorCode is "AccessDenied" or "AllAccessDisabled" || s.StatusCode == HttpStatusCode.Forbidden => AccessDenied,
        AmazonServiceException s when s.ErrorCode is "SlowDown" or "Throttling" or "ThrottlingException" || s.StatusCode == HttpStatusCode.TooManyRequests => Throttled,
        AmazonServiceException s when (int)s.StatusCode >= 500 => ServerError,
        AmazonServiceException s when (int)s.StatusCode >= 400 => InvalidRequest,
        TimeoutException or TaskCanceledException => Timeout,
        HttpRequestException or IOException => Network,
        AmazonClientException => Network,
        _ => Unexpected,
    };

    public static string Describe(Exception e) => e is AmazonServiceException s
        ? $"{s.ErrorCode ?? "Error"} ({(int)s.StatusCode}): {s.Message}"
        : $"{e.GetType().Name}: {e.Message}";

    /// <summary>
    /// A 403 is KMS's when the denied action is a KMS one: IAM's text reads "is not authorized to
    /// perform: kms:GenerateDataKey on resource: …". Not any mention of "kms": the text quotes the
    /// resource ARN, so a bucket, prefix or role named after KMS would otherwise pass for it.
    /// </summary>
    private static bool MentionsKms(string? message) => message is not null && KmsAction().IsMatch(message);

    [GeneratedRegex(@"\bperform: kms:[A-Za-z]+\b", RegexOptions.CultureInvariant)]
    private static partial Regex KmsAction();
}
