using System.Text.Json;
using Amazon.S3;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Aws;
using LambdaSuite.LogShipper.Preflight;
using LambdaSuite.TestSupport;
using LogShipper.Tests.Fixtures;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static LogShipper.Tests.Fixtures.DocumentedS3Errors;
using static LogShipper.Tests.Fixtures.Samples;

namespace LogShipper.Tests.Preflight;

/// <summary>
/// Every failure mapping, driven by the error responses AWS documents (<see cref="DocumentedS3Errors"/>)
/// as S3 sends them: the SDK's own S3 client unmarshals each into the exception the preflight reads.
/// </summary>
public sealed class CopyFindingsTests
{
    private static async Task<PreflightAnswer> CopyAnsweredWithAsync(S3Error error, LogShipperSettings settings)
    {
        using var wire = new RecordingHttpClientFactory(offline: true)
        {
            // The canary's PutObject succeeds (offline 200); its copy gets the documented error.
            Fault = request => request.Headers.Contains("x-amz-copy-source") ? error.Response() : null,
        };
        using var s3 = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials("test", "test"), wire.Offline(new AmazonS3Config()));
        var sink = new MemorySink();
        var runner = new PreflightRunner(settings, new S3ObjectStore(s3), new JsonLog(sink, "LogShipper", LogLevel.Debug), new EmfMetrics(sink, "LambdaSuite", "LogShipper"), new FakeTimeProvider(Now));
        return await runner.RunAsync(CancellationToken.None);
    }

    private static LogShipperSettings WithKey => Settings(s => s with { KmsKeyArn = KmsKey, RoleArn = RoleArn });

    private static LogShipperSettings WithoutKey => Settings(s => s with { RoleArn = RoleArn });

    private static PreflightCheck Check(PreflightAnswer answer, string name) => answer.Checks.Single(c => c.Name == name);

    private static string Statuses(PreflightAnswer answer) => string.Join(" ", answer.Checks.Skip(1).Select(c => c.Status));

    [Fact]
    public async Task NoSuchBucket_fails_the_bucket_check_naming_the_bucket_and_how_to_create_it()
    {
        var answer = await CopyAnsweredWithAsync(NoSuchBucket, WithoutKey);

        Assert.Equal("fail skipped skipped skipped", Statuses(answer));
        var check = Check(answer, PreflightCheck.DestinationBucketExists);
        Assert.Equal("S3 answered NoSuchBucket for customer-log-archive: NoSuchBucket (404) \"The specified bucket does not exist\"", check.Detail);
        Assert.Contains("creates bucket customer-log-archive in account 222222222222", check.Fix!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_403_names_both_fixes_the_owner_to_compare_and_the_bucket_policy_statement_filled_in()
    {
        var answer = await CopyAnsweredWithAsync(AccessDenied, WithoutKey);

        Assert.Equal("pass fail skipped skipped", Statuses(answer));
        var check = Check(answer, PreflightCheck.CopyAllowed);
        Assert.EndsWith("AccessDenied (403) \"Access Denied\"", check.Detail, StringComparison.Ordinal);
        Assert.Contains("(1) Bucket customer-log-archive belongs to account 222222222222", check.Fix!, StringComparison.Ordinal);
        var statement = check.Fix![check.Fix!.IndexOf("{\"Sid\"", StringComparison.Ordinal)..];
        Assert.Equal(
            """{"Sid":"LogShipperWritesUnderPrefix","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/lambdasuite-dev-LogShipperRole-1A2B3C"},"Action":["s3:PutObject","s3:AbortMultipartUpload"],"Resource":"arn:aws:s3:::customer-log-archive/env1/*"}""",
            statement);
        Assert.DoesNotContain("(3)", check.Fix!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_403_with_a_key_also_names_the_key_policy_which_a_cross_account_403_cannot_rule_out()
    {
        var answer = await CopyAnsweredWithAsync(AccessDenied, WithKey);

        Assert.Equal("pass fail skipped skipped", Statuses(answer));
        Assert.Contains("(3) With SSE-KMS a plain 403 can also be the key policy", Check(answer, PreflightCheck.CopyAllowed).Fix!, StringComparison.Ordinal);
        Assert.Contains("item 3", Check(answer, PreflightCheck.KmsKeyUsable).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_that_names_the_refusing_policy_is_quoted()
    {
        var answer = await CopyAnsweredWithAsync(ExplicitDeny, WithoutKey);

        var check = Check(answer, PreflightCheck.CopyAllowed);
        Assert.Equal("fail", check.Status);
        Assert.Contains("with an explicit deny in a resource-based policy\"", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_naming_kms_GenerateDataKey_fails_the_key_check_with_the_key_policy_statement_quoting_S3()
    {
        var answer = await CopyAnsweredWithAsync(KmsKeyPolicyDenies, WithKey);

        Assert.Equal("pass pass skipped fail", Statuses(answer));
        var check = Check(answer, PreflightCheck.KmsKeyUsable);
        Assert.Contains("is not authorized to perform: kms:GenerateDataKey on resource", check.Detail, StringComparison.Ordinal);
        var statement = JsonDocument.Parse(check.Fix![check.Fix!.IndexOf("{\"Sid\"", StringComparison.Ordinal)..]).RootElement;
        Assert.Equal("LogShipperEncryptsViaS3", statement.GetProperty("Sid").GetString());
        Assert.Equal("s3.eu-west-1.amazonaws.com", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("kms:ViaService").GetString());
        Assert.Equal(RoleArn, statement.GetProperty("Principal").GetProperty("AWS").GetString());
    }

    [Fact]
    public async Task An_S3_denial_in_a_bucket_named_after_KMS_fails_the_copy_check_not_the_key_check()
    {
        var answer = await CopyAnsweredWithAsync(ExplicitDenyOnKmsNamedBucket, Settings(s => s with { DestinationBucket = "acme-kms-logs", KmsKeyArn = KmsKey, RoleArn = RoleArn }));

        Assert.Equal("pass fail skipped skipped", Statuses(answer));
        var check = Check(answer, PreflightCheck.CopyAllowed);
        Assert.Contains("not authorized to perform: s3:PutObject on resource:", check.Detail, StringComparison.Ordinal);
        Assert.Contains("LogShipperWritesUnderPrefix", check.Fix!, StringComparison.Ordinal);
        Assert.NotEqual(PreflightCheck.Failed, Check(answer, PreflightCheck.KmsKeyUsable).Status);
    }

    [Fact]
    public async Task A_KMS_denial_by_the_roles_own_policy_asks_for_a_deploy_not_a_key_policy_statement()
    {
        var answer = await CopyAnsweredWithAsync(KmsIdentityPolicyMissing, WithKey);

        Assert.Equal("pass pass skipped fail", Statuses(answer));
        var fix = Check(answer, PreflightCheck.KmsKeyUsable).Fix!;
        Assert.StartsWith("This role's own IAM policy does not let it use " + KmsKey, fix, StringComparison.Ordinal);
        Assert.Contains("DestinationKmsKeyArn=" + KmsKey, fix, StringComparison.Ordinal);
        Assert.DoesNotContain("LogShipperEncryptsViaS3", fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_KMS_refusal_without_a_configured_key_asks_for_DestinationKmsKeyArn()
    {
        var answer = await CopyAnsweredWithAsync(KmsKeyPolicyDenies, WithoutKey);

        Assert.Equal("fail", Check(answer, PreflightCheck.KmsKeyUsable).Status);
        Assert.StartsWith("Set DestinationKmsKeyArn", Check(answer, PreflightCheck.KmsKeyUsable).Fix!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("KMS.DisabledException", "aws kms enable-key --key-id " + KmsKey)]
    [InlineData("KMS.NotFoundException", "S3 finds no key " + KmsKey + ": it must exist in account 222222222222 and in the destination bucket's Region (eu-west-1")]
    [InlineData("KMS.KMSInvalidStateException", "aws kms cancel-key-deletion --key-id " + KmsKey)]
    public async Task Each_documented_KMS_refusal_fails_the_key_check_with_its_own_fix(string code, string fix)
    {
        var error = new[] { KmsDisabled, KmsNotFound, KmsInvalidState }.Single(e => e.Code == code);

        var answer = await CopyAnsweredWithAsync(error, WithKey);

        Assert.Equal("pass pass skipped fail", Statuses(answer));
        var check = Check(answer, PreflightCheck.KmsKeyUsable);
        Assert.Equal($"S3 could not encrypt with {KmsKey}: {code} (400) \"{error.Message}\"", check.Detail);
        Assert.Contains(fix, check.Fix!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttling_and_5xx_after_the_SDK_s_retries_are_unknown_with_the_error()
    {
        foreach (var error in new[] { SlowDown, InternalError })
        {
            var answer = await CopyAnsweredWithAsync(error, WithKey);

            Assert.Equal("fail", answer.Result);
            Assert.Equal("unknown unknown skipped skipped", Statuses(answer));
            Assert.Contains($"{error.Code} ({(int)error.Status})", Check(answer, PreflightCheck.CopyAllowed).Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_SHIPPER_ROLE_ARN_the_statement_names_where_the_role_comes_from()
    {
        var answer = await CopyAnsweredWithAsync(AccessDenied, Settings());

        Assert.Contains("\"Principal\":{\"AWS\":\"<LogShipperRoleArn output of this stack>\"}", Check(answer, PreflightCheck.CopyAllowed).Fix!, StringComparison.Ordinal);
    }
}
