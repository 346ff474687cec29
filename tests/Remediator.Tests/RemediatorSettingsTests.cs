using System.Reflection;
using System.Runtime.CompilerServices;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Model;
using Xunit;

namespace Remediator.Tests;

public sealed class RemediatorSettingsTests
{
    private static RemediatorSettings Read(params (string Key, string Value)[] values)
    {
        var env = new Dictionary<string, string> { ["LOCK_TABLE_NAME"] = "locks", ["CLUSTER_NAME"] = "prod", ["ALLOWED_SERVICES"] = "prod/api" };
        foreach (var (k, v) in values)
        {
            env[k] = v;
        }

        return RemediatorSettings.FromEnvironment(new EnvironmentReader(env));
    }

    private static string Error(params (string Key, string Value)[] values)
        => Assert.Throws<ConfigurationException>(() => Read(values)).Message;

    [Fact]
    public void Defaults_apply_when_only_the_required_values_are_set()
    {
        var s = Read();

        Assert.Equal("locks", s.LockTableName);
        Assert.Equal(TimeSpan.FromMinutes(10), s.Cooldown);
        Assert.Equal(2, s.MinRunningTasks);
        Assert.False(s.DryRun);
        Assert.Equal("lambdasuite:cluster", s.ClusterTagKey);
        Assert.Equal("lambdasuite:service", s.ServiceTagKey);
        Assert.Equal([new ServiceTarget("prod", "api")], s.AllowedServices);
        Assert.Empty(s.AlarmTargets);
        Assert.Equal("prod", s.ClusterName);
        Assert.Equal(TimeSpan.FromSeconds(900), s.MaxEventAge);
        Assert.Equal((3, TimeSpan.FromMinutes(10)), (s.FleetMaxStops, s.FleetWindow));
        Assert.Equal(TimeSpan.FromSeconds(3), s.DeadlineMargin);
    }

    [Fact]
    public void An_unset_CLUSTER_NAME_fails_init_naming_the_variable()
    {
        var env = new Dictionary<string, string> { ["LOCK_TABLE_NAME"] = "locks", ["ALLOWED_SERVICES"] = "prod/api" };

        var error = Assert.Throws<ConfigurationException>(() => RemediatorSettings.FromEnvironment(new EnvironmentReader(env)));

        Assert.Equal("CLUSTER_NAME is required: expected the ECS cluster the function's IAM role may act in", error.Message);
    }

    [Fact]
    public void The_cluster_is_required_and_never_null_in_the_settings_type_too()
    {
        // Settings built in code (tests, benchmarks) cannot leave out what FromEnvironment requires.
        var cluster = typeof(RemediatorSettings).GetProperty(nameof(RemediatorSettings.ClusterName))!;

        Assert.Equal(NullabilityState.NotNull, new NullabilityInfoContext().Create(cluster).ReadState);
        Assert.True(cluster.IsDefined(typeof(RequiredMemberAttribute)));
    }

    [Fact]
    public void Every_setting_is_read()
    {
        var s = Read(("COOLDOWN_SECONDS", "90"), ("MIN_RUNNING_TASKS", "3"), ("DRY_RUN", "true"), ("CLUSTER_TAG_KEY", "c"), ("SERVICE_TAG_KEY", "s"),
            ("ALLOWED_SERVICES", " prod/api , prod/worker "), ("ALARM_TARGETS", "tg=5xx=prod/api; cpu = prod/worker"),
            ("MAX_EVENT_AGE_SECONDS", "300"), ("FLEET_MAX_STOPS", "5"), ("FLEET_WINDOW_SECONDS", "1800"));

        Assert.Equal(TimeSpan.FromSeconds(90), s.Cooldown);
        Assert.Equal(3, s.MinRunningTasks);
        Assert.True(s.DryRun);
        Assert.Equal(("c", "s"), (s.ClusterTagKey, s.ServiceTagKey));
        Assert.Equal(2, s.AllowedServices.Count);
        Assert.Equal(new ServiceTarget("prod", "api"), s.AlarmTargets["tg=5xx"]);
        Assert.Equal(new ServiceTarget("prod", "worker"), s.AlarmTargets["cpu"]);
        Assert.Equal(TimeSpan.FromSeconds(300), s.MaxEventAge);
        Assert.Equal((5, TimeSpan.FromMinutes(30)), (s.FleetMaxStops, s.FleetWindow));
    }

    [Fact]
    public void FLEET_MAX_STOPS_0_turns_the_brake_off()
        => Assert.Equal(0, Read(("FLEET_MAX_STOPS", "0")).FleetMaxStops);

    [Theory]
    [InlineData("LOCK_TABLE_NAME", "", "LOCK_TABLE_NAME is required")]
    [InlineData("LOCK_TABLE_NAME", "a b", "LOCK_TABLE_NAME=\"a b\" is invalid")]
    [InlineData("ALLOWED_SERVICES", "", "ALLOWED_SERVICES is required")]
    [InlineData("ALLOWED_SERVICES", "prod/api,prod", "ALLOWED_SERVICES=\"prod/api,prod\" is invalid")]
    [InlineData("ALLOWED_SERVICES", "prod/api/x", "ALLOWED_SERVICES=\"prod/api/x\" is invalid")]
    [InlineData("ALARM_TARGETS", "alarm-without-target", "ALARM_TARGETS=\"alarm-without-target\" is invalid")]
    [InlineData("ALARM_TARGETS", "a=prod/api;a=prod/worker", "ALARM_TARGETS=\"a=prod/api;a=prod/worker\" is invalid")]
    [InlineData("ALARM_TARGETS", "=prod/api", "ALARM_TARGETS=\"=prod/api\" is invalid")]
    [InlineData("COOLDOWN_SECONDS", "0", "COOLDOWN_SECONDS=\"0\" is invalid")]
    [InlineData("COOLDOWN_SECONDS", "ten", "COOLDOWN_SECONDS=\"ten\" is invalid")]
    [InlineData("MIN_RUNNING_TASKS", "1", "MIN_RUNNING_TASKS=\"1\" is invalid: expected an integer from 2")]
    [InlineData("DRY_RUN", "maybe", "DRY_RUN=\"maybe\" is invalid")]
    [InlineData("CLUSTER_NAME", "", "CLUSTER_NAME is required")]
    [InlineData("CLUSTER_NAME", "a/b", "CLUSTER_NAME=\"a/b\" is invalid")]
    [InlineData("ALLOWED_SERVICES", "prod/api,staging/api", "ALLOWED_SERVICES=\"prod/api,staging/api\" is invalid: expected services of CLUSTER_NAME=\"prod\" only (\"staging/api\" is in another cluster)")]
    [InlineData("ALARM_TARGETS", "tg-5xx=staging/api", "ALARM_TARGETS=\"tg-5xx=staging/api\" is invalid: expected services of CLUSTER_NAME=\"prod\" only (\"tg-5xx=staging/api\" is in another cluster)")]
    [InlineData("ALARM_TARGETS", "tg-5xx=prod/worker", "ALARM_TARGETS=\"tg-5xx=prod/worker\" is invalid: expected services listed in ALLOWED_SERVICES (\"tg-5xx=prod/worker\" is not)")]
    [InlineData("MAX_EVENT_AGE_SECONDS", "0", "MAX_EVENT_AGE_SECONDS=\"0\" is invalid")]
    [InlineData("FLEET_MAX_STOPS", "-1", "FLEET_MAX_STOPS=\"-1\" is invalid: expected an integer from 0 to 50")]
    [InlineData("FLEET_MAX_STOPS", "51", "FLEET_MAX_STOPS=\"51\" is invalid: expected an integer from 0 to 50")]
    [InlineData("FLEET_MAX_STOPS", "three", "FLEET_MAX_STOPS=\"three\" is invalid")]
    [InlineData("FLEET_WINDOW_SECONDS", "59", "FLEET_WINDOW_SECONDS=\"59\" is invalid: expected an integer from 60 to 86400")]
    [InlineData("FLEET_WINDOW_SECONDS", "86401", "FLEET_WINDOW_SECONDS=\"86401\" is invalid")]
    public void Bad_values_fail_init_naming_the_variable(string name, string value, string expected)
    {
        Assert.StartsWith(expected, Error((name, value)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_ALARM_TARGETS_entry_outside_ALARM_NAME_PREFIX_fails_init_as_it_could_never_act()
    {
        var ok = Read(("ALARM_NAME_PREFIX", "stack-remediate-"), ("ALARM_TARGETS", "stack-remediate-tg-5xx=prod/api"));

        Assert.Equal(new ServiceTarget("prod", "api"), ok.AlarmTargets["stack-remediate-tg-5xx"]);
        Assert.Equal(
            "ALARM_TARGETS=\"tg-5xx=prod/api\" is invalid: expected alarm names starting with ALARM_NAME_PREFIX=\"stack-remediate-\" (\"tg-5xx\" does not)",
            Error(("ALARM_NAME_PREFIX", "stack-remediate-"), ("ALARM_TARGETS", "tg-5xx=prod/api")));
        Assert.Equal("tg-5xx", Assert.Single(Read(("ALARM_TARGETS", "tg-5xx=prod/api")).AlarmTargets.Keys));
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
