using Amazon.S3;
using Amazon.S3.Model;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Aws;
using LambdaSuite.LogShipper.Preflight;
using LambdaSuite.TestSupport;
using LogShipper.IntegrationTests.Fixtures;
using Xunit;

namespace LogShipper.IntegrationTests;

/// <summary>
/// The preflight's encryption checks decided by a real S3 answer (moto's server; fauxqs names no
/// encryption, so there they are skipped): the configured key, a bucket's default key the function
/// never knew, SSE-S3, and a destination bucket that does not exist.
/// </summary>
public sealed class PreflightEncryptionTests(Moto moto) : IClassFixture<Moto>, IDisposable
{
    private const string CustomerKey = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    private const string DefaultKey = "arn:aws:kms:us-east-1:123456789012:key/99999999-8888-7777-6666-555555555555";
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private readonly AmazonS3Client _s3 = moto.S3();

    private string Source => $"access-logs-{_run}";

    private string Destination => $"customer-archive-{_run}";

    private async Task<PreflightAnswer> PreflightAsync(string? configuredKey, ServerSideEncryptionByDefault? bucketDefault, bool createDestination = true)
    {
        await _s3.PutBucketAsync(Source);
        if (createDestination)
        {
            await _s3.PutBucketAsync(Destination);
        }

        if (bucketDefault is not null)
        {
            await _s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
            {
                BucketName = Destination,
                ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
                {
                    ServerSideEncryptionRules = [new ServerSideEncryptionRule { ServerSideEncryptionByDefault = bucketDefault, BucketKeyEnabled = bucketDefault.ServerSideEncryptionAlgorithm == ServerSideEncryptionMethod.AWSKMS }],
                },
            });
        }

        var settings = new LogShipperSettings
        {
            SourceBucket = Source,
            SourcePrefix = "logs/",
            SourceBucketOwner = "123456789012",
            DestinationBucket = Destination,
            DestinationPrefix = "env1/",
            DestinationBucketOwner = "123456789012",
            KmsKeyArn = configuredKey,
            S3RequestTimeout = TimeSpan.FromSeconds(30),
        };
        var sink = new MemorySink();
        return await new PreflightRunner(settings, new S3ObjectStore(_s3), new JsonLog(sink, "LogShipper", LogLevel.Debug), new EmfMetrics(sink, "LambdaSuite", "LogShipper"), TimeProvider.System)
            .RunAsync(CancellationToken.None);
    }

    private static (string Status, string Detail) Check(PreflightAnswer answer, string name) => answer.Checks.Single(c => c.Name == name) is var c ? (c.Status, c.Detail) : default;

    [Fact]
    public async Task The_configured_key_comes_back_in_S3_s_answer_with_a_bucket_key_and_both_checks_pass()
    {
        var answer = await PreflightAsync(CustomerKey, bucketDefault: null);

        Assert.Equal("pass", answer.Result);
        Assert.Equal(("aws:kms", CustomerKey, true), (answer.Encryption!.Algorithm, answer.Encryption.KmsKeyId, answer.Encryption.BucketKeyEnabled));
        Assert.Equal(("pass", $"S3 encrypted the copy with aws:kms, key {CustomerKey}, bucket key on, the configured key"), Check(answer, PreflightCheck.EncryptionAsConfigured));
        Assert.Equal("pass", Check(answer, PreflightCheck.KmsKeyUsable).Status);
        var copy = await _s3.GetObjectMetadataAsync(Destination, "env1/preflight/canary");
        Assert.Equal(CustomerKey, copy.ServerSideEncryptionKeyManagementServiceKeyId);
    }

    [Fact]
    public async Task Without_a_configured_key_the_bucket_s_default_key_is_read_from_the_answer()
    {
        var answer = await PreflightAsync(null, new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AWSKMS, ServerSideEncryptionKeyManagementServiceKeyId = DefaultKey });

        Assert.Equal("pass", answer.Result);
        Assert.Equal(("pass", $"no DestinationKmsKeyArn: S3 applied the bucket's default, aws:kms, key {DefaultKey}, bucket key on"), Check(answer, PreflightCheck.EncryptionAsConfigured));
        Assert.Equal(("pass", $"the bucket's default key {DefaultKey} worked for this role"), Check(answer, PreflightCheck.KmsKeyUsable));
    }

    [Fact]
    public async Task A_bucket_default_of_SSE_S3_passes_with_no_key_involved()
    {
        var answer = await PreflightAsync(null, new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AES256 });

        Assert.Equal(("pass", "no DestinationKmsKeyArn: S3 applied the bucket's default, AES256 (SSE-S3)"), Check(answer, PreflightCheck.EncryptionAsConfigured));
        Assert.Equal("skipped", Check(answer, PreflightCheck.KmsKeyUsable).Status);
    }

    [Fact]
    public async Task A_configured_key_the_bucket_default_does_not_name_still_wins_as_S3_applies_the_request_s_header()
    {
        var answer = await PreflightAsync(CustomerKey, new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AWSKMS, ServerSideEncryptionKeyManagementServiceKeyId = DefaultKey });

        Assert.Equal(CustomerKey, answer.Encryption!.KmsKeyId);
        Assert.Equal("pass", Check(answer, PreflightCheck.EncryptionAsConfigured).Status);
    }

    [Fact]
    public async Task A_destination_bucket_that_does_not_exist_fails_its_check_and_leaves_encryption_undecided()
    {
        var answer = await PreflightAsync(CustomerKey, bucketDefault: null, createDestination: false);

        Assert.Equal("fail", answer.Result);
        Assert.Equal("fail", Check(answer, PreflightCheck.DestinationBucketExists).Status);
        Assert.Contains($"NoSuchBucket for {Destination}", Check(answer, PreflightCheck.DestinationBucketExists).Detail, StringComparison.Ordinal);
        Assert.Null(answer.Encryption);
        Assert.Equal("skipped", Check(answer, PreflightCheck.EncryptionAsConfigured).Status);
    }

    public void Dispose() => _s3.Dispose();
}
