using LambdaSuite.Remediator.Model;


namespace LambdaSuite.Remediator.Alarms;

/// <summary>
/// The alarm naming convention of <c>infra/alarms/ecs-service.yaml</c>:
/// <c>&lt;prefix&gt;&lt;cluster&gt;/&lt;service&gt;/&lt;signal&gt;</c>. ECS names cannot contain '/', so
/// the name says which service the alarm is about without an ALARM_TARGETS entry; standard alarm
/// payloads carry no tags, and load-balancer metrics no ECS dimensions.
/// </summary>
internal static class AlarmNames
{
    /// <summary>The service an alarm named by the convention is about, or null for any other name.</summary>
    /// <remarks>The signal part is optional and free (5xx rate, unhealthy hosts, a user's own).</remarks>
    public static ServiceTarget? Parse(string alarmName, string prefix)
    {
        ArgumentNullException.ThrowIfNull(alarmName);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (!alarmName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        // The prefix comes from the environment, which loses a trailing space: the name may still have one.
        var parts = alarmName[prefix.Length..].TrimStart(' ').Split('/', 3);
        return parts.Length >= 2 && ServiceTarget.IsEcsName(parts[0]) && ServiceTarget.IsEcsName(parts[1])
            ? new ServiceTarget(parts[0], parts[1])
            : null;
    }
}
