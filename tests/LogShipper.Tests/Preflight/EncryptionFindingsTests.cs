using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Preflight;
using Xunit;
using static LogShipper.Tests.Fixtures.Samples;

namespace LogShipper.Tests.Preflight;

/// <summary>What S3's answer to the canary copy proves about encryption, with and without a configured key.</summary>
public sealed class EncryptionFindingsTests
{
    private const string OtherKey = "arn:aws:kms:eu-west-1:222222222222:key/99999999-12ab-34cd-56ef-1234567890ab";

    private static (string Encryption, string Kms) Statuses(string? configuredKey, ObjectEncryption? seen)
    {
        var checks = EncryptionFindings.Of(Settings(s => s with { KmsKeyArn = configuredKey }), seen).ToList();
        Assert.Equal([PreflightCheck.EncryptionAsConfigured, PreflightCheck.KmsKeyUsable], checks.Select(c => c.Name));
        Assert.All(checks, c => Assert.Equal(c.Status == PreflightCheck.Failed, c.Fix is not null));
        return (checks[0].Status, checks[1].Status);
    }

    [Fact]
    public void The_configured_key_named_by_ARN_or_by_key_id_passes_both()
    {
        Assert.Equal(("pass", "pass"), Statuses(KmsKey, new ObjectEncryption("aws:kms", KmsKey, true)));
        Assert.Equal(("pass", "pass"), Statuses(KmsKey, new ObjectEncryption("aws:kms", "1234abcd-12ab-34cd-56ef-1234567890ab", true)));
    }

    [Fact]
    public void Another_key_or_another_algorithm_than_the_configured_key_fails_the_encryption_check()
    {
        Assert.Equal(("fail", "pass"), Statuses(KmsKey, new ObjectEncryption("aws:kms", OtherKey, true)));
        Assert.Equal(("fail", "skipped"), Statuses(KmsKey, new ObjectEncryption("AES256", null, null)));
    }

    [Fact]
    public void Without_a_key_whatever_default_S3_applied_passes_and_a_default_KMS_key_counts_as_usable()
    {
        Assert.Equal(("pass", "skipped"), Statuses(null, new ObjectEncryption("AES256", null, null)));
        Assert.Equal(("pass", "pass"), Statuses(null, new ObjectEncryption("aws:kms", OtherKey, true)));
    }

    [Fact]
    public void An_answer_that_names_no_encryption_is_skipped_with_the_reason_never_passed()
    {
        Assert.Equal(("skipped", "skipped"), Statuses(KmsKey, new ObjectEncryption(null, null, null)));
        Assert.Equal(("skipped", "skipped"), Statuses(null, null));
        Assert.Contains("fauxqs", EncryptionFindings.Of(Settings(), null).First().Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_detail_says_what_S3_answered_bucket_key_included()
    {
        var detail = EncryptionFindings.Of(Settings(), new ObjectEncryption("aws:kms", OtherKey, false)).First().Detail;

        Assert.Equal($"no DestinationKmsKeyArn: S3 applied the bucket's default, aws:kms, key {OtherKey}, bucket key off", detail);
    }
}
