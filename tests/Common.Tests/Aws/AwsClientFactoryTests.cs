using System.Net;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Aws.Tls;
using LambdaSuite.Common.Configuration;
using Xunit;

namespace LambdaSuite.Common.Tests.Aws;

public sealed class AwsClientFactoryTests
{
    private static readonly AwsCallLimits Limits = new(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), 1);

    private static EnvironmentReader Env(params (string Key, string Value)[] values) => new(values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Timeouts_and_retries_are_set_explicitly()
    {
        var config = AwsClientFactory.Config<AmazonDynamoDBConfig>("DYNAMODB", Limits, Env());

        Assert.Equal(TimeSpan.FromSeconds(1), config.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.ConnectTimeout);
        Assert.Equal(1, config.MaxErrorRetry);
        Assert.Equal(RequestRetryMode.Standard, config.RetryMode);
        Assert.Null(config.AuthenticationRegion);
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL_DYNAMODB", "AWS_REGION")]
    [InlineData("AWS_ENDPOINT_URL", "AWS_REGION")]
    [InlineData("AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION")]
    public void An_endpoint_override_signs_for_the_configured_region(string endpointVariable, string regionVariable)
    {
        var config = AwsClientFactory.Config<AmazonDynamoDBConfig>("DYNAMODB", Limits, Env((endpointVariable, "http://127.0.0.1:1"), (regionVariable, "eu-west-1")));

        Assert.Equal("eu-west-1", config.AuthenticationRegion);
    }

    [Fact]
    public void An_override_for_another_service_changes_nothing()
    {
        var env = Env(("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1"), ("AWS_REGION", "eu-west-1"));

        Assert.Null(AwsClientFactory.Config<AmazonDynamoDBConfig>("DYNAMODB", Limits, env).AuthenticationRegion);
        Assert.Null(AwsClientFactory.EndpointOverride("DYNAMODB", env));
    }

    [Fact]
    public void The_service_override_wins_over_the_general_one_and_either_can_be_switched_off()
    {
        var both = Env(("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:2"));

        Assert.Equal("http://127.0.0.1:1", AwsClientFactory.EndpointOverride("s3", both));
        Assert.Equal("http://127.0.0.1:2", AwsClientFactory.EndpointOverride("DYNAMODB", both));
        Assert.Null(AwsClientFactory.EndpointOverride("S3", Env(("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "True"))));
        Assert.Null(AwsClientFactory.EndpointOverride("S3", Env(("AWS_ENDPOINT_URL_S3", "  "))));
    }

    [Fact]
    public void The_region_is_AWS_REGION_then_AWS_DEFAULT_REGION()
    {
        Assert.Equal("eu-west-1", AwsClientFactory.Region(Env(("AWS_REGION", " eu-west-1 "), ("AWS_DEFAULT_REGION", "us-east-2"))));
        Assert.Equal("us-east-2", AwsClientFactory.Region(Env(("AWS_REGION", ""), ("AWS_DEFAULT_REGION", "us-east-2"))));
        Assert.Null(AwsClientFactory.Region(Env()));
    }

    [Fact]
    public void Every_client_gets_the_AWS_transport_with_the_trust_of_the_environment()
    {
        var config = AwsClientFactory.Config<AmazonDynamoDBConfig>("DYNAMODB", Limits, Env(("TLS_TRUST_STORE", "system")));

        var factory = Assert.IsType<AwsHttp.ClientFactory>(config.HttpClientFactory);
        using var handler = factory.CreateHandler(config);
        // System without a file leaves every check to .NET; the Amazon store (the default) would set its roots.
        var sockets = Assert.IsType<SocketsHttpHandler>(Assert.IsAssignableFrom<DelegatingHandler>(handler).InnerHandler);
        Assert.Null(sockets.SslOptions.CertificateChainPolicy);
        Assert.Null(sockets.SslOptions.RemoteCertificateValidationCallback);
    }

    [Fact]
    public void An_invalid_trust_setting_fails_the_client_configuration_at_init()
    {
        var e = Assert.Throws<ConfigurationException>(() => AwsClientFactory.Config<AmazonDynamoDBConfig>("DYNAMODB", Limits, Env(("TLS_TRUST_STORE", "off"))));

        Assert.StartsWith("TLS_TRUST_STORE=\"off\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_transport_keeps_what_the_SDK_sets_on_its_own_client()
    {
        // AWSSDK.Core's own CreateManagedHttpClient sets these from the configuration.
        var config = AwsClientFactory.Config<AmazonS3Config>("S3", Limits, Env());
        config.MaxConnectionsPerServer = 7;
        var factory = Assert.IsType<AwsHttp.ClientFactory>(config.HttpClientFactory);

        using var client = factory.CreateHttpClient(config);
        using var handler = factory.CreateHandler(config);

        Assert.Equal(TimeSpan.FromSeconds(1), client.Timeout);
        var sockets = Assert.IsType<SocketsHttpHandler>(Assert.IsAssignableFrom<DelegatingHandler>(handler).InnerHandler);
        Assert.Equal(TimeSpan.FromMilliseconds(500), sockets.ConnectTimeout);
        Assert.Equal(7, sockets.MaxConnectionsPerServer);
        Assert.False(sockets.AllowAutoRedirect); // S3 answers redirects itself
        Assert.Equal(DecompressionMethods.None, sockets.AutomaticDecompression);
        Assert.NotNull(sockets.SslOptions.CertificateChainPolicy);
    }
}
