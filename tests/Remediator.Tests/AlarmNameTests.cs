using LambdaSuite.Common.Configuration;
using LambdaSuite.Remediator;
using Xunit;

namespace Remediator.Tests;

/// <summary>Alarms of infra/alarms/ecs-service.yaml name their service: &lt;prefix&gt;&lt;cluster&gt;/&lt;service&gt;/&lt;signal&gt;.</summary>
public sealed class AlarmNameTests
{
    private const string Prefix = "lambdasuite-remediate-";

    private static RemediatorSettings WithPrefix(string allowed = "prod/api", string? prefix = Prefix, Dictionary<string, ServiceTarget>? targets = null)
    {
        var s = Settings.Create(allowed, targets: targets);
        return new RemediatorSettings
        {
            LockTableName = s.LockTableName,
            ClusterName = s.ClusterName,
            AllowedServices = s.AllowedServices,
            AlarmTargets = s.AlarmTargets,
            AlarmNamePrefix = prefix,
        };
    }

    private static TargetDecision Resolve(string alarmName, RemediatorSettings settings)
        => new TargetResolver(settings).Resolve(Events.Parse(Events.EventBridge(alarmName, cluster: null, service: null)));

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

    [Fact]
    public void Format_and_parse_agree()
    {
        var target = new ServiceTarget("prod", "api");

        Assert.Equal("lambdasuite-remediate-prod/api/target-5xx-rate", AlarmNames.Format(Prefix, target, "target-5xx-rate"));
        Assert.Equal(target, AlarmNames.Parse(AlarmNames.Format(Prefix, target, "unhealthy-hosts"), Prefix));
    }

    [Fact]
    public void A_prefix_that_lost_its_trailing_space_to_the_environment_still_matches()
        => Assert.Equal(new ServiceTarget("prod", "api"), AlarmNames.Parse("remediate prod/api/x", "remediate"));

    [Fact]
    public void The_resolver_acts_on_a_service_the_alarm_name_names()
    {
        var decision = Resolve("lambdasuite-remediate-prod/api/target-5xx-rate", WithPrefix());

        Assert.True(decision.Allowed);
        Assert.Equal(new ServiceTarget("prod", "api"), decision.Requested);
        Assert.Equal("resolved from alarm name", decision.Reason);
    }

    [Fact]
    public void A_named_service_outside_the_allow_list_is_refused()
    {
        var decision = Resolve("lambdasuite-remediate-prod/worker/target-5xx-rate", WithPrefix());

        Assert.False(decision.Allowed);
        Assert.Equal(new ServiceTarget("prod", "worker"), decision.Requested);
        Assert.Equal("prod/worker (from alarm name) is not in ALLOWED_SERVICES", decision.Reason);
    }

    [Fact]
    public void Without_ALARM_NAME_PREFIX_the_name_is_not_read()
    {
        var decision = Resolve("lambdasuite-remediate-prod/api/target-5xx-rate", WithPrefix(prefix: null));

        Assert.False(decision.Allowed);
        Assert.Null(decision.Requested);
        Assert.EndsWith("ALARM_TARGETS or the alarm name", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ALARM_TARGETS_entry_for_the_same_name_wins_over_the_convention()
    {
        const string Name = "lambdasuite-remediate-prod/api/target-5xx-rate";
        var settings = WithPrefix("prod/api,prod/worker", targets: new() { [Name] = new ServiceTarget("prod", "worker") });

        Assert.Equal(new ServiceTarget("prod", "worker"), Resolve(Name, settings).Requested);
    }

    [Fact]
    public void Dimensions_win_over_the_name()
    {
        var alarm = Events.Parse(Events.EventBridge("lambdasuite-remediate-prod/api/x", cluster: "prod", service: "worker"));

        Assert.Equal(new ServiceTarget("prod", "worker"), new TargetResolver(WithPrefix("prod/api,prod/worker")).Resolve(alarm).Requested);
    }

    [Fact]
    public void ALARM_NAME_PREFIX_is_read_and_checked_at_init()
    {
        static RemediatorSettings Read(string prefix) => RemediatorSettings.FromEnvironment(new EnvironmentReader(new Dictionary<string, string>
        {
            ["LOCK_TABLE_NAME"] = "locks", ["CLUSTER_NAME"] = "prod", ["ALLOWED_SERVICES"] = "prod/api", ["ALARM_NAME_PREFIX"] = prefix,
        }));

        Assert.Equal("team-a/remediate-", Read("team-a/remediate-").AlarmNamePrefix);
        Assert.Null(Read("").AlarmNamePrefix);
        var error = Assert.Throws<ConfigurationException>(() => Read("bad\"prefix"));
        Assert.StartsWith("ALARM_NAME_PREFIX=", error.Message, StringComparison.Ordinal);
    }
}
