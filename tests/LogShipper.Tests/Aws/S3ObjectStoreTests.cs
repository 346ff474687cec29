using LambdaSuite.Common.Configuration;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Aws;
using Xunit;
using static LogShipper.Tests.Fixtures.Samples;

namespace LogShipper.Tests.Aws;

public sealed class S3ObjectStoreTests
{
    private static Amazon.S3.AmazonS3Config Config(LogShipperSettings? settings = null, params (string Key, string Value)[] env)
        => S3ObjectStore.ClientConfig(settings ?? Settings(), new EnvironmentReader(env.ToDictionary(v => v.Key, v => v.Value)));

    [Theory]
    [InlineData("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:4566", true)]
    [InlineData("AWS_ENDPOINT_URL", "http://127.0.0.1:4566", true)]
    [InlineData("UNRELATED", "x", false)]
    public void Path_style_only_with_an_endpoint_override_or_when_asked(string name, string value, bool expected)
    {
        Assert.Equal(expected, Config(null, (name, value)).ForcePathStyle);
        Assert.True(Config(Settings(s => s with { S3ForcePathStyle = true })).ForcePathStyle);
    }

    [Fact]
    public void An_ignored_endpoint_override_means_virtual_hosts_and_no_signing_region()
    {
        var config = Config(null, ("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:4566"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), ("AWS_REGION", "eu-west-1"));

        Assert.False(config.ForcePathStyle);
        Assert.Null(config.AuthenticationRegion);
    }

    [Fact]
    public void An_endpoint_override_signs_for_the_configured_region()
    {
        var config = Config(null, ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), ("AWS_REGION", "eu-west-1"));

        Assert.Equal("eu-west-1", config.AuthenticationRegion);
    }

    [Fact]
    public void Timeouts_retries_and_connections_come_from_the_settings()
    {
        var config = Config(Settings(s => s with { S3RequestTimeout = TimeSpan.FromSeconds(120), S3MaxErrorRetry = 2, CopyConcurrency = 8, PartConcurrency = 4 }));

        Assert.Equal(TimeSpan.FromSeconds(120), config.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), config.ConnectTimeout);
        Assert.Equal((Amazon.Runtime.RequestRetryMode.Standard, 2), (config.RetryMode, config.MaxErrorRetry));
        Assert.Equal(32, config.MaxConnectionsPerServer);
    }
}
