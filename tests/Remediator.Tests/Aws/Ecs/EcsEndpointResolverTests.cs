using System.Net;
using Amazon.Runtime;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Remediator.Aws.Ecs;
using LambdaSuite.Remediator.Decision;
using Remediator.Tests.Fakes;
using Xunit;

namespace Remediator.Tests.Aws.Ecs;

/// <summary>Endpoint and region resolution, with the environment injected (process variables untouched).</summary>
public sealed class EcsEndpointResolverTests
{
    private const string Specific = "http://127.0.0.1:4001";
    private const string Global = "http://127.0.0.1:4002";

    [Theory]
    [InlineData(Specific, Global, null, Specific)]
    [InlineData(null, Global, null, Global)]
    [InlineData(null, null, null, "https://ecs.eu-west-1.amazonaws.com/")]
    [InlineData(Specific, Global, "true", "https://ecs.eu-west-1.amazonaws.com/")]
    [InlineData(Specific, Global, "TRUE", "https://ecs.eu-west-1.amazonaws.com/")]
    [InlineData(null, Global, "true", "https://ecs.eu-west-1.amazonaws.com/")]
    [InlineData(Specific, Global, "false", Specific)]
    [InlineData("  ", Global, "", Global)]
    public void Resolution_order(string? ecsUrl, string? globalUrl, string? ignore, string expected)
    {
        var endpoint = EcsEndpointResolver.Resolve(Env(
            ("AWS_REGION", "eu-west-1"), ("AWS_ENDPOINT_URL_ECS", ecsUrl), ("AWS_ENDPOINT_URL", globalUrl), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", ignore)));

        Assert.Equal(new Uri(expected), endpoint.ServiceUrl);
        Assert.Equal("eu-west-1", endpoint.Region);
    }

    [Fact]
    public void AWS_REGION_wins_over_AWS_DEFAULT_REGION()
        => Assert.Equal("eu-west-1", EcsEndpointResolver.Resolve(Env(("AWS_REGION", "eu-west-1"), ("AWS_DEFAULT_REGION", "us-west-2"))).Region);

    [Fact]
    public void AWS_DEFAULT_REGION_is_the_fallback()
    {
        var endpoint = EcsEndpointResolver.Resolve(Env(("AWS_DEFAULT_REGION", "us-west-2")));

        Assert.Equal("us-west-2", endpoint.Region);
        Assert.Equal(new Uri("https://ecs.us-west-2.amazonaws.com/"), endpoint.ServiceUrl);
    }

    [Fact]
    public void Missing_region_fails_naming_AWS_REGION()
    {
        var e = Assert.Throws<ConfigurationException>(() => EcsEndpointResolver.Resolve(Env(("AWS_ENDPOINT_URL_ECS", Specific))));

        Assert.StartsWith("AWS_REGION is required: expected an AWS region", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_REGION", "not a region")]
    [InlineData("AWS_ENDPOINT_URL_ECS", "127.0.0.1:4566")]
    [InlineData("AWS_ENDPOINT_URL", "ftp://host/")]
    [InlineData("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "maybe")]
    public void Malformed_setting_fails_naming_the_variable_and_value(string name, string value)
    {
        var values = new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1", [name] = value };

        var e = Assert.Throws<ConfigurationException>(() => EcsEndpointResolver.Resolve(new EnvironmentReader(values)));

        Assert.StartsWith($"{name}=\"{value}\" is invalid: expected ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_sends_to_the_resolved_endpoint_and_signs_for_the_resolved_region()
    {
        var fake = FakeEcsHandler.Sequence(() => FakeEcsHandler.Json(HttpStatusCode.OK, "{}"));
        using var client = new EcsClient(new EcsClientOptions
        {
            Environment = Env(("AWS_DEFAULT_REGION", "ap-southeast-2"), ("AWS_ENDPOINT_URL", Global)),
            Credentials = new BasicAWSCredentials("AKID", "secret"),
            Transport = fake,
        });

        await client.ListTasksAsync(new ListTasksRequest());

        var wire = Assert.Single(fake.Requests);
        Assert.Equal(new Uri(Global + "/"), wire.Uri);
        Assert.Contains("/ap-southeast-2/ecs/aws4_request", wire.Header("Authorization"), StringComparison.Ordinal);
    }

    private static EnvironmentReader Env(params (string Name, string? Value)[] values)
        => new(name => values.FirstOrDefault(v => v.Name == name).Value);
}
