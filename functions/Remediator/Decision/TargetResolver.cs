using LambdaSuite.Remediator.Alarms;
using LambdaSuite.Remediator.Model;


namespace LambdaSuite.Remediator.Decision;

/// <summary>
/// Refuses an alarm whose name lacks ALARM_NAME_PREFIX (when set): another environment's alarm
/// names nothing here, whatever its dimensions say. Then resolves the alarm's service from, in
/// order: alarm tags, the metric dimensions <c>ClusterName</c>/<c>ServiceName</c>, the configured
/// alarm-name mapping, the alarm name itself (<see cref="AlarmNames"/>, when ALARM_NAME_PREFIX is
/// set). Then checks the allow-list, so a forged or misrouted alarm cannot reach a service nobody listed.
/// </summary>
internal sealed class TargetResolver(RemediatorSettings settings)
{
    public const string ClusterDimension = "ClusterName";
    public const string ServiceDimension = "ServiceName";

    public TargetDecision Resolve(AlarmEvent alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);

        // The template's rule, permission and SNS filters deliver only the stack's own alarms; this
        // holds for any other path (a shared topic, a relay, a hand-made rule) as well.
        if (settings.AlarmNamePrefix is { } own && !alarm.AlarmName.StartsWith(own, StringComparison.Ordinal))
        {
            return Refuse($"the alarm name does not start with ALARM_NAME_PREFIX {own}: not this environment's alarm");
        }

        // Tags are the operator's explicit statement; a half-tagged alarm is a mistake, not a hint.
        var tagCluster = alarm.Tags.GetValueOrDefault(settings.ClusterTagKey);
        var tagService = alarm.Tags.GetValueOrDefault(settings.ServiceTagKey);
        if (tagCluster is not null || tagService is not null)
        {
            return tagCluster is null || tagService is null
                ? Refuse($"alarm tags name only one of {settings.ClusterTagKey} and {settings.ServiceTagKey}")
                : Check(tagCluster, tagService, "tags");
        }

        var clusters = DistinctValues(alarm, ClusterDimension);
        var services = DistinctValues(alarm, ServiceDimension);
        if (clusters.Count > 1 || services.Count > 1)
        {
            return Refuse($"metric dimensions name more than one service ({ClusterDimension}={string.Join('|', clusters)}, {ServiceDimension}={string.Join('|', services)})");
        }

        // A cluster-level metric (ClusterName only) does not name a service: try the mapping.
        if (clusters.Count == 1 && services.Count == 1)
        {
            return Check(clusters[0], services[0], "dimensions");
        }

        if (settings.AlarmTargets.TryGetValue(alarm.AlarmName, out var mapped))
        {
            return Check(mapped.Cluster, mapped.Service, "mapping");
        }

        // Last: an explicit ALARM_TARGETS entry for the same name is the operator's word over a convention.
        if (settings.AlarmNamePrefix is { } prefix && AlarmNames.Parse(alarm.AlarmName, prefix) is { } named)
        {
            return Check(named.Cluster, named.Service, "alarm name");
        }

        return Refuse($"no service named by alarm tags, metric dimensions {ClusterDimension}/{ServiceDimension}, ALARM_TARGETS or the alarm name");
    }

    private TargetDecision Check(string cluster, string service, string via)
    {
        var target = new ServiceTarget(cluster, service);
        return settings.AllowedServices.Contains(target)
            ? new TargetDecision(target, true, $"resolved from {via}")
            : new TargetDecision(target, false, $"{target} (from {via}) is not in ALLOWED_SERVICES");
    }

    private static TargetDecision Refuse(string reason) => new(null, false, reason);

    private static List<string> DistinctValues(AlarmEvent alarm, string dimension)
        => [.. alarm.Dimensions.Where(d => d.Key == dimension).Select(d => d.Value).Distinct(StringComparer.Ordinal)];
}

/// <summary>The service an alarm names, or why none may be acted on.</summary>
/// <param name="Requested">What the alarm named (reported even when refused); null when it named nothing.</param>
internal readonly record struct TargetDecision(ServiceTarget? Requested, bool Allowed, string Reason);
