using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.PostConfirmation;
using LambdaSuite.PostConfirmation.Aws;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace PostConfirmation.IntegrationTests.Fixtures;

/// <summary>A handler wired like production (same client settings) but pointed at an explicit endpoint.</summary>
internal sealed class HandlerUnderTest
{
    public HandlerUnderTest(Uri endpoint, string table, PostConfirmationSettings? settings = null, TimeProvider? time = null, HttpClientFactory? http = null)
    {
        Settings = settings ?? new PostConfirmationSettings { TableName = table };
        // The function's deadlines run on this clock: they fire only when a test advances it.
        Time = time ?? new FakeTimeProvider();
        var config = AwsClientFactory.Config<AmazonDynamoDBConfig>("DYNAMODB", Settings.DynamoDbLimits, new EnvironmentReader(_ => null));
        if (http is not null)
        {
            config.HttpClientFactory = http;
        }

        config.ServiceURL = endpoint.ToString();
        config.AuthenticationRegion = "us-east-1";
        // Tests never set process-wide environment variables, so the local stack's credentials are explicit.
        Handler = new Handler(
            Settings,
            new DynamoDbProfileStore(new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), config), Settings, Time),
            new JsonLog(Sink, "PostConfirmation", LogLevel.Debug),
            new EmfMetrics(Sink, "Test", "PostConfirmation"),
            Time);
    }

    public TimeProvider Time { get; }

    public PostConfirmationSettings Settings { get; }

    public Handler Handler { get; }

    public MemorySink Sink { get; } = new();

    public async Task<byte[]> InvokeAsync(byte[] input)
    {
        using var stream = new MemoryStream(input);
        await using var output = await Handler.HandleAsync(stream, TestInvocation.Context(Time));
        using var copy = new MemoryStream();
        await output.CopyToAsync(copy);
        return copy.ToArray();
    }
}
