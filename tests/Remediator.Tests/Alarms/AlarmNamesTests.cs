using LambdaSuite.Remediator.Alarms;
using LambdaSuite.Remediator.Model;
using Xunit;

namespace Remediator.Tests.Alarms;

/// <summary>Alarms of infra/alarms/ecs-service.yaml name their service: &lt;prefix&gt;&lt;cluster&gt;/&lt;service&gt;/&lt;signal&gt;.</summary>
public sealed class AlarmNamesTests
{
    private const string Prefix = "lambdasuite-remediate-";

    [Theory]
    [InlineData("lambdasuite-remediate-prod/api/target-5xx-rate", "prod", "api")]
    [InlineData("lambdasuite-remediate-prod/api/unhealthy-hosts", "prod", "api")]
    [InlineData("lambdasuite-remediate-prod/api", "prod", "api")]
    [InlineData("lambdasuite-remediate-blue_2/web-api/a/b/c", "blue_2", "web-api")]
    public void A_name_of_the_convention_names_its_service(string name, string cluster, string service)
        => Assert.Equal(new ServiceTarget(cluster, service), AlarmNames.Parse(name, Prefix));

    [Theory]
    [InlineData("other-prefix-prod/api/target-5xx-rate")]
    [InlineData("lambdasuite-remediate-api-errors")]
    [InlineData("lambdasuite-remediate-prod/")]
    [InlineData("lambdasuite-remediate-/api/x")]
    [InlineData("lambdasuite-remediate-prod.eu/api/x")]
    [InlineData("lambdasuite-remediate-prod/api:v2/x")]
    public void Any_other_name_names_no_service(string name)
        => Assert.Null(AlarmNames.Parse(name, Prefix));

    [Theory]
    [InlineData("target-5xx-rate")]
    [InlineData("unhealthy-hosts")]
    public void A_name_the_alarm_unit_gives_names_its_service(string signal)
    {
        // Built as infra/alarms/ecs-service.yaml builds it: the prefix, then cluster/service/signal.
        var target = new ServiceTarget("prod", "api");

        Assert.Equal(target, AlarmNames.Parse($"{Prefix}{target.Cluster}/{target.Service}/{signal}", Prefix));
    }

    [Fact]
    public void A_prefix_that_lost_its_trailing_space_to_the_environment_still_matches()
        => Assert.Equal(new ServiceTarget("prod", "api"), AlarmNames.Parse("remediate prod/api/x", "remediate"));
}
