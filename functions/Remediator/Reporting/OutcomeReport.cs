using System.Text;
using LambdaSuite.Common;
using LambdaSuite.Common.Invocation;
using LambdaSuite.Common.Runtime;
using LambdaSuite.Remediator.Model;

namespace LambdaSuite.Remediator.Reporting;

/// <summary>
/// Completes a <see cref="RemediationResult"/> into the notification it becomes: the alarm, the
/// invocation, console links and a one-paragraph summary a person reads in an e-mail or chat
/// (the outcome bus's rule forwards it to the alarm topic as it is). Pure: the clock's readings
/// and the request id are passed in.
/// </summary>
internal sealed class OutcomeReport(ConsoleLinks links)
{
    /// <summary>Logs Insights starts this long before the invocation began (clock skew, buffered lines).</summary>
    public static readonly TimeSpan LogsBefore = TimeSpan.FromMinutes(1);

    /// <summary>…and ends this long after the response, so late-arriving lines are in the window.</summary>
    public static readonly TimeSpan LogsAfter = TimeSpan.FromMinutes(5);

    /// <param name="trace">The invocation's tracing header (Lambda-Runtime-Trace-Id), as the runtime parsed it.</param>
    public RemediationResult Complete(RemediationResult result, AlarmEvent alarm, string? requestId, TraceHeader trace, DateTimeOffset started, DateTimeOffset finished)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(alarm);
        var completed = result with
        {
            AlarmName = alarm.AlarmName,
            AlarmStateChangedAt = IsoTime.Format(alarm.Time),
            EventId = alarm.EventId,
            RequestId = requestId,
            TraceId = trace.Root,
            AlarmConsoleUrl = links.Alarm(alarm.AlarmName),
            LogsInsightsUrl = links.LogsInsights(requestId, started - LogsBefore, finished + LogsAfter),
            HeldAlarmsUrl = HeldAlarms(result, started, finished),
            TraceConsoleUrl = trace.Sampled ? links.Trace(trace.Root) : null,
        };
        return completed with { Summary = Summarize(completed, alarm.State) };
    }

    /// <summary>
    /// The summary names the alarm, the service, the task and when the next stop is possible. It
    /// holds no double quotes or control characters, because EventBridge pastes it unescaped into
    /// the notification's quoted lines.
    /// </summary>
    internal static string Summarize(RemediationResult r, string state)
    {
        ArgumentNullException.ThrowIfNull(r);
        var alarm = $"alarm {r.AlarmName} ({state} at {r.AlarmStateChangedAt})";
        var service = $"service {r.Service} in cluster {r.Cluster}";
        var text = r.Action switch
        {
            RemediationResult.Stopped =>
                $"Stopped task {r.TaskArn} ({Task(r)}) of {service} because of {alarm}. {r.RunningTasksBefore} task(s) were running; ECS starts a replacement. "
                + $"The next stop for this service is possible after {r.LockExpiresAt}.",
            RemediationResult.DryRun =>
                $"Dry run: would have stopped task {r.TaskArn} ({Task(r)}) of {service} because of {alarm}; nothing was stopped. "
                + $"{r.RunningTasksBefore} task(s) are running. The rehearsal lock holds until {r.LockExpiresAt}.",
            RemediationResult.Refused => $"Refused {alarm}: {r.Reason}. Nothing was touched.",
            RemediationResult.Skipped when r.Suppressed == true =>
                $"No action for {alarm}: {r.Reason}{(r.LockExpiresAt is null ? string.Empty : " until " + r.LockExpiresAt)}. A duplicate; nothing was touched.",
            RemediationResult.Skipped =>
                $"Stopped no task of {service} for {alarm}: {Unprefixed(r.Reason, "guard: ")}.",
            RemediationResult.Held => HeldText(r, alarm, service),
            _ => $"No action for {alarm}: {r.Reason}.",
        };
        return Printable(text);
    }

    /// <summary>
    /// The first held alarm's text is the brake's one notification: that it engaged, for which
    /// service first, that nothing was stopped, and the query listing every held alarm.
    /// </summary>
    private static string HeldText(RemediationResult r, string alarm, string service)
    {
        var dryRun = r.IsDryRun ? "Dry run: " : string.Empty;
        var budget = $"the budget of {r.FleetMaxStops} stop(s) per {r.FleetWindowSeconds} s in cluster {r.Cluster} is spent";
        var notRetried = $"A held alarm is not retried: a service gets a stop only when its alarm fires again, after {r.FleetBrakeReleasesAt} at the earliest.";
        return r.FirstHeld == true
            ? $"{dryRun}Fleet brake engaged: {budget}, so no task was stopped for {alarm} of {service}, the first service held. {notRetried} "
                + $"Every stop and held alarm around this engagement: {r.HeldAlarmsUrl ?? "see the function's log lines 'Held by the fleet brake'"}"
            : $"{dryRun}Held by the fleet brake: {budget}, so no task of {service} was stopped for {alarm}. {notRetried}";
    }

    // From one window before (the stops that spent the budget) to a while after the brake releases (the alarms it holds).
    private string? HeldAlarms(RemediationResult r, DateTimeOffset started, DateTimeOffset finished)
    {
        if (r.Action != RemediationResult.Held || r.FleetWindowSeconds is not { } window)
        {
            return null;
        }

        var releases = r.FleetBrakeReleasesAt is { } at ? DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) : finished.AddSeconds(window);
        return links.FleetLog(started.AddSeconds(-window), releases + LogsAfter);
    }

    private static string Task(RemediationResult r)
    {
        var health = r.TaskHealthStatus ?? "health unknown";
        return r.TaskStartedAt is null ? health : $"{health}, started {r.TaskStartedAt}";
    }

    private static string Unprefixed(string text, string prefix)
        => text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;

    private static string Printable(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(c == '"' ? '\'' : char.IsControl(c) ? ' ' : c);
        }

        return clean.ToString();
    }
}
