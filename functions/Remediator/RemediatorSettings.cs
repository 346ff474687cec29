using System.Text.RegularExpressions;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Remediator.Alarms;
using LambdaSuite.Remediator.Model;

namespace LambdaSuite.Remediator;

/// <summary>
/// Everything the function reads from its environment, validated once at init so a bad value fails
/// the init phase with a one-line message naming the variable.
/// </summary>
internal sealed partial record RemediatorSettings
{
    public const int DefaultCooldownSeconds = 600;
    public const int DefaultMinRunningTasks = 2;
    public const string DefaultClusterTagKey = "lambdasuite:cluster";
    public const string DefaultServiceTagKey = "lambdasuite:service";
    public const int DefaultMaxEventAgeSeconds = 900;
    public const int DefaultFleetMaxStops = 3;
    public const int DefaultFleetWindowSeconds = 600;

    /// <summary>More slots than this would make every held alarm write as many items; a brake that lets this many through is no brake.</summary>
    public const int MaxFleetMaxStops = 50;

    public required string LockTableName { get; init; }

    /// <summary>The cluster IAM lets the function act in; every allowed or mapped service must be in it.</summary>
    public required string ClusterName { get; init; }

    /// <summary>Left between the moment work stops and Lambda's deadline: room for the lock clean-up (<see cref="Budgets.Cleanup"/>) and the response.</summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Alarm events older than this are ignored: a delivery delayed for long describes a past state.</summary>
    public TimeSpan MaxEventAge { get; init; } = TimeSpan.FromSeconds(DefaultMaxEventAgeSeconds);

    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(DefaultCooldownSeconds);

    /// <summary>Never stop a task unless at least this many are running (at least 2, so one always stays).</summary>
    public int MinRunningTasks { get; init; } = DefaultMinRunningTasks;

    public required IReadOnlySet<ServiceTarget> AllowedServices { get; init; }

    /// <summary>Alarm name → service, for alarms whose tags and dimensions do not name one.</summary>
    public IReadOnlyDictionary<string, ServiceTarget> AlarmTargets { get; init; } = new Dictionary<string, ServiceTarget>();

    /// <summary>
    /// The environment's alarms: any other name is refused. Alarms named
    /// <c>&lt;prefix&gt;&lt;cluster&gt;/&lt;service&gt;/…</c> name their service (<see cref="AlarmNames"/>);
    /// null accepts every name and leaves it unread.
    /// </summary>
    public string? AlarmNamePrefix { get; init; }

    public string ClusterTagKey { get; init; } = DefaultClusterTagKey;

    public string ServiceTagKey { get; init; } = DefaultServiceTagKey;

    public bool DryRun { get; init; }

    /// <summary>The fleet brake: at most this many stops across the cluster per <see cref="FleetWindow"/>; 0 turns it off.</summary>
    public int FleetMaxStops { get; init; } = DefaultFleetMaxStops;

    public TimeSpan FleetWindow { get; init; } = TimeSpan.FromSeconds(DefaultFleetWindowSeconds);

    public static RemediatorSettings FromEnvironment(EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var table = env.GetTableName("LOCK_TABLE_NAME");
        var cluster = env.GetMatching("CLUSTER_NAME", ServiceTarget.EcsNamePattern(), "an ECS cluster name (1-255 characters: A-Z, a-z, 0-9, '-', '_')")
            ?? throw new ConfigurationException("CLUSTER_NAME is required: expected the ECS cluster the function's IAM role may act in");
        var allowed = ParseAllowList(env, cluster);
        var prefix = env.GetMatching("ALARM_NAME_PREFIX", AlarmNamePrefixPattern(), "an alarm name prefix (1-200 of A-Z, a-z, 0-9, '_', '.', ':', '/', ' ', '#', '(', ')', '-')");
        return new RemediatorSettings
        {
            LockTableName = table,
            ClusterName = cluster,
            Cooldown = TimeSpan.FromSeconds(env.GetInteger("COOLDOWN_SECONDS", DefaultCooldownSeconds, 1, 86_400)),
            MinRunningTasks = env.GetInteger("MIN_RUNNING_TASKS", DefaultMinRunningTasks, 2, 10_000),
            AllowedServices = allowed,
            AlarmTargets = ParseAlarmTargets(env, cluster, allowed, prefix),
            AlarmNamePrefix = prefix,
            ClusterTagKey = env.GetMatching("CLUSTER_TAG_KEY", TagKeyPattern(), "a tag key (1-128 characters)") ?? DefaultClusterTagKey,
            ServiceTagKey = env.GetMatching("SERVICE_TAG_KEY", TagKeyPattern(), "a tag key (1-128 characters)") ?? DefaultServiceTagKey,
            DryRun = env.GetBool("DRY_RUN", false),
            // Up to ten years, so local runs can replay sample events with fixed dates.
            MaxEventAge = TimeSpan.FromSeconds(env.GetInteger("MAX_EVENT_AGE_SECONDS", DefaultMaxEventAgeSeconds, 60, 315_360_000)),
            FleetMaxStops = env.GetInteger("FLEET_MAX_STOPS", DefaultFleetMaxStops, 0, MaxFleetMaxStops),
            // Read even when the brake is off, so a typo fails at init rather than when it is switched on.
            FleetWindow = TimeSpan.FromSeconds(env.GetInteger("FLEET_WINDOW_SECONDS", DefaultFleetWindowSeconds, 60, 86_400)),
        };
    }

    // An empty allow-list is an init error rather than "refuse everything": a deployment that can
    // never act is a misconfiguration, and failing init says so at deploy time, not during an incident.
    // A service in another cluster is refused by IAM only during an incident, after the lock was taken.
    private static HashSet<ServiceTarget> ParseAllowList(EnvironmentReader env, string cluster)
    {
        const string Name = "ALLOWED_SERVICES";
        const string Expected = "a comma-separated list of cluster/service pairs, e.g. prod/api,prod/worker";
        var entries = env.GetList(Name);
        if (entries.Count == 0)
        {
            throw new ConfigurationException($"{Name} is required: expected {Expected}");
        }

        var set = new HashSet<ServiceTarget>();
        foreach (var entry in entries)
        {
            var target = ServiceTarget.TryParse(entry) ?? throw EnvironmentReader.Invalid(Name, env.Get(Name)!, $"{Expected} (\"{entry}\" is not one)");
            if (target.Cluster != cluster)
            {
                throw EnvironmentReader.Invalid(Name, env.Get(Name)!, $"services of CLUSTER_NAME=\"{cluster}\" only (\"{entry}\" is in another cluster)");
            }

            set.Add(target);
        }

        return set;
    }

    private static Dictionary<string, ServiceTarget> ParseAlarmTargets(EnvironmentReader env, string cluster, HashSet<ServiceTarget> allowed, string? prefix)
    {
        const string Name = "ALARM_TARGETS";
        const string Expected = "alarmName=cluster/service entries separated by ';'";
        var map = new Dictionary<string, ServiceTarget>(StringComparer.Ordinal);
        var raw = env.Get(Name);
        if (raw is null)
        {
            return map;
        }

        foreach (var entry in raw.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // Split on the last '=': cluster and service names cannot contain one, alarm names can.
            var eq = entry.LastIndexOf('=');
            var alarm = eq > 0 ? entry[..eq].Trim() : string.Empty;
            var target = eq > 0 ? ServiceTarget.TryParse(entry[(eq + 1)..]) : null;
            if (alarm.Length == 0 || target is null)
            {
                throw EnvironmentReader.Invalid(Name, raw, $"{Expected} (\"{entry}\" is not one)");
            }

            if (target.Value.Cluster != cluster)
            {
                throw EnvironmentReader.Invalid(Name, raw, $"services of CLUSTER_NAME=\"{cluster}\" only (\"{entry}\" is in another cluster)");
            }

            // A mapping to a service the allow-list refuses could never act: a typo, caught at deploy time.
            if (!allowed.Contains(target.Value))
            {
                throw EnvironmentReader.Invalid(Name, raw, $"services listed in ALLOWED_SERVICES (\"{entry}\" is not)");
            }

            // Likewise an alarm outside the prefix: it is refused before the mapping is read.
            if (prefix is not null && !alarm.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw EnvironmentReader.Invalid(Name, raw, $"alarm names starting with ALARM_NAME_PREFIX=\"{prefix}\" (\"{alarm}\" does not)");
            }

            if (!map.TryAdd(alarm, target.Value))
            {
                throw EnvironmentReader.Invalid(Name, raw, $"{Expected} with each alarm once (\"{alarm}\" appears twice)");
            }
        }

        return map;
    }

    [GeneratedRegex("^.{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagKeyPattern();

    // The template's RemediatorAlarmNamePrefix pattern.
    [GeneratedRegex("^[A-Za-z0-9_.:/ #()-]{1,200}$", RegexOptions.CultureInvariant)]
    private static partial Regex AlarmNamePrefixPattern();
}
