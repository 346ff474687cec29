using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Model;

namespace Remediator.Tests.Fixtures;

/// <summary>Settings as FromEnvironment would give them for cluster prod.</summary>
internal static class Settings
{
    public static RemediatorSettings Create(
        string allowed = "prod/api",
        int minRunning = 2,
        bool dryRun = false,
        Dictionary<string, ServiceTarget>? targets = null,
        TimeSpan? maxEventAge = null,
        string? alarmNamePrefix = null,
        int fleetMaxStops = RemediatorSettings.DefaultFleetMaxStops,
        TimeSpan? fleetWindow = null) => new()
        {
            LockTableName = "locks",
            ClusterName = "prod",
            MaxEventAge = maxEventAge ?? TimeSpan.FromSeconds(RemediatorSettings.DefaultMaxEventAgeSeconds),
            AllowedServices = allowed.Split(',').Select(a => ServiceTarget.TryParse(a)!.Value).ToHashSet(),
            MinRunningTasks = minRunning,
            DryRun = dryRun,
            AlarmTargets = targets ?? [],
            AlarmNamePrefix = alarmNamePrefix,
            FleetMaxStops = fleetMaxStops,
            FleetWindow = fleetWindow ?? TimeSpan.FromSeconds(RemediatorSettings.DefaultFleetWindowSeconds),
        };
}
