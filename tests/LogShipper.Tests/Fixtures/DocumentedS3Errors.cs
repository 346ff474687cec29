using System.Net;
using System.Text;

namespace LogShipper.Tests.Fixtures;

/// <summary>
/// S3 error responses as AWS documents them (code, HTTP status, message), answered as S3's REST
/// API does (an XML Error document), so the SDK's own unmarshalling makes the exception the
/// preflight sees. Sources, read 2026-12-08:
/// <list type="bullet">
/// <item>[S3 API] Amazon S3 API Reference, "Error responses", List of error codes: NoSuchBucket
/// (404, "The specified bucket does not exist"), AccessDenied (403, "Access Denied"), SlowDown
/// (503), InternalError (500).</item>
/// <item>[Owner] Amazon S3 User Guide, "Verifying bucket ownership with bucket owner condition":
/// a request whose ExpectedBucketOwner is not the bucket's owner fails with 403 Access Denied.</item>
/// <item>[403] Amazon S3 User Guide, "Troubleshoot access denied (403 Forbidden) errors", access
/// denied message examples: "User: user-arn is not authorized to perform: action on resource
/// because context", e.g. "because no resource-based policy allows the s3:PutObject action" or
/// "with an explicit deny in a resource-based policy"; such context is given only for requests
/// within the bucket owner's account or organization, other requests get "Access Denied". Its
/// encryption section: SSE-KMS writes need kms:GenerateDataKey on the key.</item>
/// <item>[KMS] S3 reports a KMS refusal with the KMS exception's name prefixed by "KMS." (codes
/// KMS.DisabledException and KMS.KMSInvalidStateException are listed among the S3 errors of
/// Amazon RDS User Guide, "Failure messages for Amazon S3 export tasks"); messages of the AWS KMS
/// API Reference, GenerateDataKey errors (DisabledException, NotFoundException,
/// KMSInvalidStateException), status 400.</item>
/// </list>
/// </summary>
internal static class DocumentedS3Errors
{
    public const string RoleSession = "arn:aws:sts::111111111111:assumed-role/lambdasuite-dev-LogShipperRole-1A2B3C/LogShipper";

    public static readonly S3Error NoSuchBucket = new(HttpStatusCode.NotFound, "NoSuchBucket", "The specified bucket does not exist", "[S3 API]");

    /// <summary>The same answer for a missing bucket policy grant and for an owner mismatch, across accounts.</summary>
    public static readonly S3Error AccessDenied = new(HttpStatusCode.Forbidden, "AccessDenied", "Access Denied", "[S3 API], [Owner]");

    public static readonly S3Error ExplicitDeny = new(HttpStatusCode.Forbidden, "AccessDenied",
        $"User: {RoleSession} is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::customer-log-archive/env1/preflight/canary\" with an explicit deny in a resource-based policy", "[403]");

    public static readonly S3Error KmsKeyPolicyDenies = new(HttpStatusCode.Forbidden, "AccessDenied",
        $"User: {RoleSession} is not authorized to perform: kms:GenerateDataKey on resource: \"{Samples.KmsKey}\" because no resource-based policy allows the kms:GenerateDataKey action", "[403]");

    /// <summary>The same kind of key policy denial from the caller's own side: its IAM policy names no such key.</summary>
    public static readonly S3Error KmsIdentityPolicyMissing = new(HttpStatusCode.Forbidden, "AccessDenied",
        $"User: {RoleSession} is not authorized to perform: kms:GenerateDataKey on resource: \"{Samples.KmsKey}\" because no identity-based policy allows the kms:GenerateDataKey action", "[403]");

    /// <summary>An S3 denial in a bucket (and by a role) whose names hold "kms": the message quotes both, and names no KMS action.</summary>
    public static readonly S3Error ExplicitDenyOnKmsNamedBucket = new(HttpStatusCode.Forbidden, "AccessDenied",
        "User: arn:aws:sts::111111111111:assumed-role/acme-kms-LogShipperRole-1A2B3C/LogShipper is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::acme-kms-logs/env1/preflight/canary\" with an explicit deny in a resource-based policy", "[403]");

    public static readonly S3Error KmsDisabled = new(HttpStatusCode.BadRequest, "KMS.DisabledException", "The request was rejected because the specified KMS key is not enabled.", "[KMS]");

    public static readonly S3Error KmsNotFound = new(HttpStatusCode.BadRequest, "KMS.NotFoundException", "The request was rejected because the specified entity or resource could not be found.", "[KMS]");

    public static readonly S3Error KmsInvalidState = new(HttpStatusCode.BadRequest, "KMS.KMSInvalidStateException", "The request was rejected because the state of the specified resource is not valid for this request.", "[KMS]");

    public static readonly S3Error SlowDown = new(HttpStatusCode.ServiceUnavailable, "SlowDown", "Please reduce your request rate.", "[S3 API]");

    public static readonly S3Error InternalError = new(HttpStatusCode.InternalServerError, "InternalError", "We encountered an internal error. Please try again.", "[S3 API]");

    internal sealed record S3Error(HttpStatusCode Status, string Code, string Message, string Source)
    {
        public HttpResponseMessage Response() => new(Status)
        {
            Content = new StringContent(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{Code}</Code><Message>{System.Security.SecurityElement.Escape(Message)}</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>ZXhhbXBsZQ==</HostId></Error>",
                Encoding.UTF8, "application/xml"),
        };

        public override string ToString() => $"{Code} ({(int)Status}) {Source}";
    }
}
