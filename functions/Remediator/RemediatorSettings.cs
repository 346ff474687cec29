using System.Text.RegularExpressions;
using LambdaSuite.Common.Configuration;

namespace LambdaSuite.Remediator;

/// <summary>
/// Everything the function reads from its environment, validated once at init so a bad value fails
/// the init phase with a one-line message naming the variable.
/// </summary>
internal sealed partial class RemediatorSettings
{
    public const int DefaultCooldownSeconds = 600;
    public const int DefaultMinRunningTasks = 2;
    public const string DefaultClusterTagKey = "lambdasuite:cluster";
    public const string DefaultServiceTagKey = "lambdasuite:service";

    public required string LockTableName { get; init; }

    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(DefaultCooldownSeconds);

    /// <summary>Never stop a task unless at least this many are running (at least 2, so one always stays).</summary>
    public int MinRunningTasks { get; init; } = DefaultMinRunningTasks;

    public required IReadOnlySet<ServiceTarget> AllowedServices { get; init; }

    /// <summary>Alarm name → service, for alarms whose tags and dimensions do not name one.</summary>
    public IReadOnlyDictionary<string, ServiceTarget> AlarmTargets { get; init; } = new Dictionary<string, ServiceTarget>();

    public string ClusterTagKey { get; init; } = DefaultClusterTagKey;

    public string ServiceTagKey { get; init; } = DefaultServiceTagKey;

    public bool DryRun { get; init; }

    public static RemediatorSettings FromEnvironment(EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(env);
        return new RemediatorSettings
        {
            LockTableName = env.GetMatching("LOCK_TABLE_NAME", TableNamePattern(), "a DynamoDB table name (3-255 characters: a-z, A-Z, 0-9, '_', '-', '.')")
                ?? throw new ConfigurationException("LOCK_TABLE_NAME is required: expected the name of the remediation lock table"),
            Cooldown = TimeSpan.FromSeconds(env.GetInt32("COOLDOWN_SECONDS", DefaultCooldownSeconds, 1, 86_400)),
            MinRunningTasks = env.GetInt32("MIN_RUNNING_TASKS", DefaultMinRunningTasks, 2, 10_000),
            AllowedServices = ParseAllowList(env),
            AlarmTargets = ParseAlarmTargets(env),
            ClusterTagKey = env.GetMatching("CLUSTER_TAG_KEY", TagKeyPattern(), "a tag key (1-128 characters)") ?? DefaultClusterTagKey,
            ServiceTagKey = env.GetMatching("SERVICE_TAG_KEY", TagKeyPattern(), "a tag key (1-128 characters)") ?? DefaultServiceTagKey,
            DryRun = env.GetBool("DRY_RUN", false),
        };
    }

    // An empty allow-list is an init error rather than "refuse everything": a deployment that can
    // never act is a misconfiguration, and failing init says so at deploy time, not during an incident.
    private static HashSet<ServiceTarget> ParseAllowList(EnvironmentReader env)
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
            set.Add(TryParseTarget(entry) ?? throw EnvironmentReader.Invalid(Name, env.Get(Name)!, $"{Expected} (\"{entry}\" is not one)"));
        }

        return set;
    }

    private static Dictionary<string, ServiceTarget> ParseAlarmTargets(EnvironmentReader env)
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
            var target = eq > 0 ? TryParseTarget(entry[(eq + 1)..]) : null;
            if (alarm.Length == 0 || target is null)
            {
                throw EnvironmentReader.Invalid(Name, raw, $"{Expected} (\"{entry}\" is not one)");
            }

            if (!map.TryAdd(alarm, target.Value))
            {
                throw EnvironmentReader.Invalid(Name, raw, $"{Expected} with each alarm once (\"{alarm}\" appears twice)");
            }
        }

        return map;
    }

    /// <summary>Parses <c>cluster/service</c> where both are ECS names (letters, digits, '-', '_').</summary>
    internal static ServiceTarget? TryParseTarget(string text)
    {
        var parts = text.Trim().Split('/');
        return parts.Length == 2 && IsEcsName(parts[0]) && IsEcsName(parts[1]) ? new ServiceTarget(parts[0], parts[1]) : null;
    }

    internal static bool IsEcsName(string value) => EcsNamePattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex EcsNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{3,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();

    [GeneratedRegex("^.{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagKeyPattern();
}
