using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.LocalInvoke.IntegrationTests.Fixtures;

/// <summary>
/// A private local stack over HTTPS (<c>stack up --ports auto --tls</c>), and SDK clients that see
/// it from outside the functions, trusting its CA as the functions do (TLS_TRUST_FILE).
/// </summary>
public sealed class HttpsLocalAws : IAsyncLifetime
{
    private static readonly AwsCallLimits Limits = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), 1);

    public LocalAws Aws { get; } = LocalAws.Https();

    public Task InitializeAsync() => Aws.InitializeAsync();

    public Task DisposeAsync() => Aws.DisposeAsync();

    public AmazonS3Client S3()
    {
        var config = AwsClientFactory.Config<AmazonS3Config>("S3", Limits, new EnvironmentReader(Aws.Environment));
        (config.ServiceURL, config.ForcePathStyle, config.AuthenticationRegion) = (Aws.S3Endpoint.ToString(), true, Aws.Region);
        return new AmazonS3Client(new BasicAWSCredentials(Aws.AccessKey, Aws.SecretKey), config);
    }

    public AmazonDynamoDBClient DynamoDb()
    {
        var config = AwsClientFactory.Config<AmazonDynamoDBConfig>("DYNAMODB", Limits, new EnvironmentReader(Aws.Environment));
        (config.ServiceURL, config.AuthenticationRegion) = (Aws.DynamoDbEndpoint.ToString(), Aws.Region);
        return new AmazonDynamoDBClient(new BasicAWSCredentials(Aws.AccessKey, Aws.SecretKey), config);
    }
}
