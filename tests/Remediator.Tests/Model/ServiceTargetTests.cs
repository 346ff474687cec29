using LambdaSuite.Remediator.Model;
using Xunit;

namespace Remediator.Tests.Model;

/// <summary><c>cluster/service</c> as configured and as alarm names carry it.</summary>
public sealed class ServiceTargetTests
{
    [Theory]
    [InlineData("prod/api", "prod", "api")]
    [InlineData(" blue_2/web-api ", "blue_2", "web-api")]
    public void A_pair_of_ECS_names_parses(string text, string cluster, string service)
        => Assert.Equal(new ServiceTarget(cluster, service), ServiceTarget.TryParse(text));

    [Theory]
    [InlineData("prod")]
    [InlineData("prod/")]
    [InlineData("/api")]
    [InlineData("prod/api/x")]
    [InlineData("prod.eu/api")]
    [InlineData("prod/api:v2")]
    public void Anything_else_is_no_target(string text) => Assert.Null(ServiceTarget.TryParse(text));

    [Fact]
    public void An_ECS_name_is_at_most_255_characters()
    {
        Assert.True(ServiceTarget.IsEcsName(new string('a', 255)));
        Assert.False(ServiceTarget.IsEcsName(new string('a', 256)));
        Assert.False(ServiceTarget.IsEcsName(string.Empty));
    }

    [Fact]
    public void It_reads_as_configured() => Assert.Equal("prod/api", new ServiceTarget("prod", "api").ToString());
}
