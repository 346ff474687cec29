using LambdaSuite.Remediator.Model;

namespace LambdaSuite.Remediator.Decision;

/// <summary>
/// Pure choice of the one task to stop. Only tasks both last and desired RUNNING count (a task
/// already stopping is neither a candidate nor a survivor). Guard: fewer than the minimum running
/// means nothing is stopped. UNHEALTHY first, then the oldest start; ties broken by ARN so the
/// same input always gives the same answer.
/// </summary>
internal static class VictimSelector
{
    public static VictimChoice Choose(IEnumerable<EcsTask> tasks, int minRunning, string? serviceName = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var group = serviceName is null ? null : "service:" + serviceName;
        var running = tasks
            .Where(t => t.TaskArn is not null && t.LastStatus == "RUNNING" && t.DesiredStatus == "RUNNING")
            .Where(t => group is null || t.Group is null || t.Group == group)
            .ToList();

        if (running.Count < minRunning)
        {
            return new VictimChoice(null, running.Count, $"{running.Count} task(s) running; at least {minRunning} required before one is stopped");
        }

        var victim = running
            .OrderBy(t => t.HealthStatus == "UNHEALTHY" ? 0 : 1)
            .ThenBy(t => t.StartedAt ?? DateTimeOffset.MaxValue) // Unknown start: least preferred.
            .ThenBy(t => t.TaskArn, StringComparer.Ordinal)
            .First();

        var why = victim.HealthStatus == "UNHEALTHY" ? "UNHEALTHY" : "oldest started (none UNHEALTHY)";
        return new VictimChoice(victim, running.Count, $"{why}; {running.Count} running");
    }
}

/// <summary>The task to stop (null when none may be), how many were running, and why.</summary>
internal readonly record struct VictimChoice(EcsTask? Task, int Running, string Reason);
