using System.Text.Json.Nodes;
using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.Remediator.Model;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Decision;

/// <summary>Which service an alarm names (tags, dimensions, ALARM_TARGETS, the name), and the allow-list.</summary>
public sealed class TargetResolverTests
{
    private const string Prefix = "lambdasuite-remediate-";

    private static RemediatorSettings WithPrefix(string allowed = "prod/api", string? prefix = Prefix, Dictionary<string, ServiceTarget>? targets = null)
        => Settings.Create(allowed, targets: targets, alarmNamePrefix: prefix);

    /// <summary>An alarm whose metric names no service, so only the name can.</summary>
    private static TargetDecision ResolveByName(string alarmName, RemediatorSettings settings)
        => new TargetResolver(settings).Resolve(Events.Parse(Events.EventBridge(alarmName, cluster: null, service: null)));

    private static TargetDecision Resolve(string json, RemediatorSettings? settings = null)
        => new TargetResolver(settings ?? Settings.Create("prod/api,prod/worker,blue/api")).Resolve(Events.Parse(json));

    [Fact]
    public void Tags_win_over_dimensions()
    {
        var tags = new JsonObject { ["lambdasuite:cluster"] = "prod", ["lambdasuite:service"] = "worker" };

        var decision = Resolve(Events.EventBridge("a", cluster: "prod", service: "api", tags: tags));

        Assert.True(decision.Allowed);
        Assert.Equal(new ServiceTarget("prod", "worker"), decision.Requested);
        Assert.Contains("tags", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_tag_keys_are_the_ones_read()
    {
        var tags = new JsonObject { ["ecs-cluster"] = "blue", ["ecs-service"] = "api" };
        var settings = new RemediatorSettings
        {
            LockTableName = "t",
            ClusterName = "blue",
            AllowedServices = Settings.Create("blue/api").AllowedServices,
            ClusterTagKey = "ecs-cluster",
            ServiceTagKey = "ecs-service",
        };

        var decision = Resolve(Events.EventBridge("a", cluster: null, service: null, tags: tags), settings);

        Assert.Equal(new ServiceTarget("blue", "api"), decision.Requested);
    }

    [Fact]
    public void Half_a_tag_pair_is_refused_rather_than_guessed()
    {
        var tags = new JsonObject { ["lambdasuite:cluster"] = "prod" };

        var decision = Resolve(Events.EventBridge("a", tags: tags));

        Assert.False(decision.Allowed);
        Assert.Null(decision.Requested);
        Assert.Contains("only one of", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Dimensions_name_the_service_when_there_are_no_tags()
    {
        var decision = Resolve(Events.EventBridge("a", cluster: "prod", service: "api"));

        Assert.True(decision.Allowed);
        Assert.Equal(new ServiceTarget("prod", "api"), decision.Requested);
    }

    [Fact]
    public void Cluster_only_dimensions_fall_through_to_the_mapping()
    {
        var settings = Settings.Create("prod/api,prod/worker", targets: new() { ["cpu-alarm"] = new ServiceTarget("prod", "worker") });

        var decision = Resolve(Events.EventBridge("cpu-alarm", cluster: "prod", service: null), settings);

        Assert.Equal(new ServiceTarget("prod", "worker"), decision.Requested);
        Assert.Contains("mapping", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mapping_covers_load_balancer_alarms()
    {
        var settings = Settings.Create(targets: new() { ["tg-5xx"] = new ServiceTarget("prod", "api") });
        var json = Events.Sample("cloudwatch-direct.json").Replace("lambdasuite-local-remediate-demo-api-5xx", "tg-5xx", StringComparison.Ordinal)
            .Replace("\"lambdasuite:cluster\": \"demo-cluster\", \"lambdasuite:service\": \"demo-api\", ", string.Empty, StringComparison.Ordinal);

        var decision = Resolve(json, settings);

        Assert.True(decision.Allowed);
        Assert.Equal(new ServiceTarget("prod", "api"), decision.Requested);
    }

    [Fact]
    public void A_service_outside_the_allow_list_is_refused_and_named()
    {
        var decision = Resolve(Events.EventBridge("a", cluster: "prod", service: "billing"));

        Assert.False(decision.Allowed);
        Assert.Equal(new ServiceTarget("prod", "billing"), decision.Requested);
        Assert.Contains("prod/billing (from dimensions) is not in ALLOWED_SERVICES", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Matching_is_exact_and_case_sensitive()
    {
        Assert.False(Resolve(Events.EventBridge("a", cluster: "Prod", service: "api")).Allowed);
    }

    [Fact]
    public void Two_services_in_one_alarm_are_refused()
    {
        var json = Events.EventBridge("a").Replace(
            "\"metrics\":[",
            "\"metrics\":[{\"id\":\"m2\",\"metricStat\":{\"metric\":{\"dimensions\":{\"ClusterName\":\"prod\",\"ServiceName\":\"worker\"}}}},",
            StringComparison.Ordinal);

        var decision = Resolve(json);

        Assert.False(decision.Allowed);
        Assert.Contains("more than one service", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alarm_naming_nothing_is_refused()
    {
        var decision = Resolve(Events.Published("eventbridge-cloudwatch-alarm-state-change-single-metric.json"));

        Assert.False(decision.Allowed);
        Assert.Null(decision.Requested);
        Assert.StartsWith("no service named", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_resolver_acts_on_a_service_the_alarm_name_names()
    {
        var decision = ResolveByName("lambdasuite-remediate-prod/api/target-5xx-rate", WithPrefix());

        Assert.True(decision.Allowed);
        Assert.Equal(new ServiceTarget("prod", "api"), decision.Requested);
        Assert.Equal("resolved from alarm name", decision.Reason);
    }

    [Fact]
    public void A_named_service_outside_the_allow_list_is_refused()
    {
        var decision = ResolveByName("lambdasuite-remediate-prod/worker/target-5xx-rate", WithPrefix());

        Assert.False(decision.Allowed);
        Assert.Equal(new ServiceTarget("prod", "worker"), decision.Requested);
        Assert.Equal("prod/worker (from alarm name) is not in ALLOWED_SERVICES", decision.Reason);
    }

    [Fact]
    public void An_alarm_outside_ALARM_NAME_PREFIX_is_refused_whatever_its_dimensions_name()
    {
        var alarm = Events.Parse(Events.EventBridge("lambdasuite-staging-remediate-prod/api/target-5xx-rate", cluster: "prod", service: "api"));

        var decision = new TargetResolver(WithPrefix()).Resolve(alarm);

        Assert.False(decision.Allowed);
        Assert.Null(decision.Requested);
        Assert.Equal("the alarm name does not start with ALARM_NAME_PREFIX lambdasuite-remediate-: not this environment's alarm", decision.Reason);
        Assert.True(new TargetResolver(WithPrefix(prefix: null)).Resolve(alarm).Allowed);
    }

    [Fact]
    public void Without_ALARM_NAME_PREFIX_the_name_is_not_read()
    {
        var decision = ResolveByName("lambdasuite-remediate-prod/api/target-5xx-rate", WithPrefix(prefix: null));

        Assert.False(decision.Allowed);
        Assert.Null(decision.Requested);
        Assert.EndsWith("ALARM_TARGETS or the alarm name", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ALARM_TARGETS_entry_for_the_same_name_wins_over_the_convention()
    {
        const string Name = "lambdasuite-remediate-prod/api/target-5xx-rate";
        var settings = WithPrefix("prod/api,prod/worker", targets: new() { [Name] = new ServiceTarget("prod", "worker") });

        Assert.Equal(new ServiceTarget("prod", "worker"), ResolveByName(Name, settings).Requested);
    }

    [Fact]
    public void Dimensions_win_over_the_name()
    {
        var alarm = Events.Parse(Events.EventBridge("lambdasuite-remediate-prod/api/x", cluster: "prod", service: "worker"));

        Assert.Equal(new ServiceTarget("prod", "worker"), new TargetResolver(WithPrefix("prod/api,prod/worker")).Resolve(alarm).Requested);
    }
}
