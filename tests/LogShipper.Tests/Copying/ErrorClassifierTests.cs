using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using LambdaSuite.LogShipper.Copying;
using Xunit;
using static LogShipper.Tests.Fixtures.Samples;

namespace LogShipper.Tests.Copying;

public sealed class ErrorClassifierTests
{
    [Theory]
    [InlineData("NoSuchKey", HttpStatusCode.NotFound, false, ErrorClassifier.SourceMissing)]
    [InlineData("NoSuchVersion", HttpStatusCode.NotFound, false, ErrorClassifier.SourceMissing)]
    [InlineData("NotFound", HttpStatusCode.NotFound, true, ErrorClassifier.SourceMissing)] // a HEAD's 404 has no body
    [InlineData("NotFound", HttpStatusCode.NotFound, false, ErrorClassifier.InvalidRequest)]
    [InlineData("NoSuchBucket", HttpStatusCode.NotFound, false, ErrorClassifier.NoSuchBucket)]
    [InlineData("NoSuchUpload", HttpStatusCode.NotFound, false, ErrorClassifier.MultipartUploadLost)]
    [InlineData("KMS.DisabledException", HttpStatusCode.BadRequest, false, ErrorClassifier.KmsError)]
    [InlineData("AccessDenied", HttpStatusCode.Forbidden, false, ErrorClassifier.AccessDenied)]
    [InlineData("AllAccessDisabled", HttpStatusCode.Forbidden, false, ErrorClassifier.AccessDenied)]
    [InlineData("SignatureDoesNotMatch", HttpStatusCode.Forbidden, false, ErrorClassifier.AccessDenied)]
    [InlineData("SlowDown", HttpStatusCode.ServiceUnavailable, false, ErrorClassifier.Throttled)]
    [InlineData("Throttling", HttpStatusCode.BadRequest, false, ErrorClassifier.Throttled)]
    [InlineData("TooManyRequests", HttpStatusCode.TooManyRequests, false, ErrorClassifier.Throttled)]
    [InlineData("InternalError", HttpStatusCode.InternalServerError, false, ErrorClassifier.ServerError)]
    [InlineData("InvalidArgument", HttpStatusCode.BadRequest, false, ErrorClassifier.InvalidRequest)]
    public void S3_errors_map_to_their_category(string code, HttpStatusCode status, bool sourceRead, string category)
        => Assert.Equal(category, ErrorClassifier.Categorize(S3Error(code, status), sourceRead));

    [Fact]
    public void A_403_that_names_KMS_is_a_key_problem_not_a_bucket_policy_problem()
        => Assert.Equal(ErrorClassifier.KmsError, ErrorClassifier.Categorize(S3Error("AccessDenied", HttpStatusCode.Forbidden, "User is not authorized to perform: kms:GenerateDataKey")));

    [Theory]
    [InlineData("User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::acme-kms-logs/x\" with an explicit deny")]
    [InlineData("User: arn:aws:sts::1:assumed-role/KMS-writer/s is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::logs/kms/x\"")]
    [InlineData("Access Denied")]
    public void A_403_whose_names_hold_kms_but_whose_action_is_not_KMS_is_an_access_denial(string message)
        => Assert.Equal(ErrorClassifier.AccessDenied, ErrorClassifier.Categorize(S3Error("AccessDenied", HttpStatusCode.Forbidden, message)));

    public static TheoryData<Exception, string> TransportFailures => new()
    {
        { new TimeoutException("attempt timed out"), ErrorClassifier.Timeout },
        { new TaskCanceledException("HttpClient.Timeout"), ErrorClassifier.Timeout },
        { new HttpRequestException("connection refused"), ErrorClassifier.Network },
        { new IOException("connection reset"), ErrorClassifier.Network },
        { new AmazonClientException("unable to reach the endpoint"), ErrorClassifier.Network },
        { new InvalidOperationException("a bug"), ErrorClassifier.Unexpected },
    };

    [Theory]
    [MemberData(nameof(TransportFailures))]
    public void Transport_failures_and_anything_else_map_to_their_category(Exception error, string category)
        => Assert.Equal(category, ErrorClassifier.Categorize(error));

    [Fact]
    public void A_412_is_a_failed_pin_whatever_the_code_says()
    {
        Assert.True(ErrorClassifier.IsPreconditionFailed(S3Error("PreconditionFailed", HttpStatusCode.PreconditionFailed)));
        Assert.True(ErrorClassifier.IsPreconditionFailed(new AmazonS3Exception("x") { StatusCode = HttpStatusCode.PreconditionFailed }));
        Assert.False(ErrorClassifier.IsPreconditionFailed(S3Error("AccessDenied", HttpStatusCode.Forbidden)));
    }

    [Theory]
    [InlineData("EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.", true)]
    [InlineData("InvalidRequest", "The specified copy source is larger than the maximum allowable size for a copy source: 5368709120", true)]
    [InlineData("InvalidRequest", "This copy request is illegal", false)]
    public void Only_a_refusal_for_size_switches_CopyObject_to_parts(string code, string message, bool tooLarge)
        => Assert.Equal(tooLarge, ErrorClassifier.IsTooLargeForCopyObject(S3Error(code, HttpStatusCode.BadRequest, message)));

    [Theory]
    [InlineData(ErrorClassifier.ServerError, true)]
    [InlineData(ErrorClassifier.Timeout, true)]
    [InlineData(ErrorClassifier.Network, true)]
    [InlineData(ErrorClassifier.Throttled, true)]
    [InlineData(ErrorClassifier.MultipartUploadLost, true)]
    [InlineData(ErrorClassifier.AccessDenied, false)]
    [InlineData(ErrorClassifier.SourceMissing, false)]
    [InlineData(ErrorClassifier.InvalidRequest, false)]
    public void Only_failures_after_which_the_write_may_have_been_applied_are_checked_at_the_destination(string category, bool mayHide)
        => Assert.Equal(mayHide, ErrorClassifier.MayHideAppliedWrite(category));

    [Fact]
    public void Descriptions_name_the_code_and_status_or_the_exception_type()
    {
        Assert.Equal("SlowDown (503): SlowDown from fake", ErrorClassifier.Describe(S3Error("SlowDown", HttpStatusCode.ServiceUnavailable)));
        Assert.Equal("TimeoutException: attempt timed out", ErrorClassifier.Describe(new TimeoutException("attempt timed out")));
    }
}
