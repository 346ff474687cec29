using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using static LambdaSuite.Remediator.Decision.AlarmLog;

namespace LambdaSuite.Remediator.Decision;

/// <summary>
/// The fleet budget: at most FLEET_MAX_STOPS stops across the cluster per FLEET_WINDOW_SECONDS, so
/// an incident that fails every service at once gets a few stops, not one per service. Each stop
/// holds one slot, an item of the lock table taken with the lock's own conditional write (so
/// concurrent invocations never overspend), marked with the lock before StopTask, and given back with
/// it when nothing was stopped. When every slot is held, the alarm is held: nothing stopped, the
/// service's lock given back, and the first held alarm of the engagement marked for notification.
/// </summary>
/// <remarks>
/// An engagement lasts while every slot is held by the same holders; it ends when one frees, at its
/// window's end or early (a stop ECS rejected, a failure before StopTask, a takeover at a dead
/// holder's deadline). It is named by the moment the budget became spent: the latest acquire among
/// the slots' holders, which the failed acquires return at no extra call. The brake's marker holds
/// that moment and is claimed only by a later one, so each engagement is marked once, whatever the
/// order in which its held alarms, or a slow one of an earlier engagement, reach it.
/// </remarks>
internal sealed class FleetBrake(RemediatorSettings settings, IRemediationLock locks, TimeProvider time, ILog log, IMetrics metrics)
{
    public bool Enabled => settings.FleetMaxStops > 0;

    /// <summary>
    /// Tries the slots in order: a lease on the first free one, or (every slot held) null, when the
    /// first of them frees (when known) and since when all are held.
    /// </summary>
    public async Task<(LockLease? Slot, SpentBudget? Spent)> TakeSlotAsync(AlarmEvent alarm, ServiceTarget target, DateTimeOffset invocationDeadline, CancellationToken deadline)
    {
        DateTimeOffset? releasesAt = null;
        DateTimeOffset? since = null;
        for (var i = 0; i < settings.FleetMaxStops; i++)
        {
            var key = FleetKeys.Slot(target.Cluster, settings.DryRun, i);
            var attempt = await AcquireAsync(key, alarm, target, invocationDeadline, deadline).ConfigureAwait(false);
            if (attempt.Lease is { } slot)
            {
                if (slot.TakenOver is { } previous)
                {
                    // A slot whose holder ended before StopTask: freed at its in-progress expiry, like the lock.
                    metrics.Add(RemediatorMetrics.Takeovers, 1, MetricUnit.Count);
                    log.Warn("Took over a fleet budget slot whose holder ended before StopTask", [.. Props(alarm, "takeover", target), ("slot", key),
                        ("previousOwner", previous.Owner), ("previousAlarmName", previous.AlarmName), ("previousInProgressExpiresAt", Iso(previous.InProgressExpiredAt))]);
                }

                return (slot, null);
            }

            releasesAt = attempt.HeldUntil is { } until && (releasesAt is null || until < releasesAt) ? until : releasesAt;
            // A holder not seen (its item gone between the write and the read) freed just now: count its slot as taken now.
            var held = attempt.HeldSince ?? time.GetUtcNow();
            since = since is null || held > since ? held : since;
        }

        return (null, new SpentBudget(releasesAt, since ?? time.GetUtcNow()));
    }

    /// <summary>
    /// Every slot is held: give the service's lock back (the stop did not happen, so a later alarm of
    /// this service may act), count and log the hold, and mark the first held alarm of the engagement
    /// with a conditional write on the brake's marker.
    /// </summary>
    public async Task<RemediationResult> HoldAsync(AlarmEvent alarm, ServiceTarget target, LockLease lease, SpentBudget spent, int running, LockCleanup cleanup, CancellationToken deadline)
    {
        ArgumentNullException.ThrowIfNull(cleanup);
        var window = (int)settings.FleetWindow.TotalSeconds;
        var until = spent.ReleasesAt ?? time.GetUtcNow() + settings.FleetWindow;
        metrics.Add(RemediatorMetrics.FleetBrakeEngaged, 1, MetricUnit.Count);
        await cleanup.RecordAsync(lease, StopOutcome.Held, null, freeNow: true, alarm, target).ConfigureAwait(false);
        var first = await ClaimFirstAsync(alarm, target, spent.Since, until, deadline).ConfigureAwait(false);
        var reason = $"fleet brake: the budget of {settings.FleetMaxStops} stop(s) per {window} s in cluster {target.Cluster} is spent";
        log.Warn(FleetLogMessages.Held, [.. Props(alarm, RemediationResult.Held, target), ("reason", reason), ("firstHeld", first), ("dryRun", settings.DryRun),
            ("fleetMaxStops", settings.FleetMaxStops), ("fleetWindowSeconds", window), ("fleetBudgetSpentSince", Iso(spent.Since)), ("fleetBrakeReleasesAt", Iso(until))]);
        return new RemediationResult(RemediationResult.Held, (settings.DryRun ? "dry run: " : string.Empty) + reason, target.Cluster, target.Service)
        {
            FirstHeld = first ? true : null,
            FleetMaxStops = settings.FleetMaxStops,
            FleetWindowSeconds = window,
            FleetBrakeReleasesAt = Iso(until),
            RunningTasksBefore = running,
            IsDryRun = settings.DryRun,
        };
    }

    private async Task<LockAttempt> AcquireAsync(string key, AlarmEvent alarm, ServiceTarget target, DateTimeOffset invocationDeadline, CancellationToken deadline)
    {
        try
        {
            return await locks.TryAcquireAsync(key, settings.FleetWindow, target, alarm, invocationDeadline, deadline).ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && deadline.IsCancellationRequested))
        {
            // As the service lock's own acquire: named, one line (the caller gives the lock back; the deadline has its own message).
            throw new RemediationFailedException($"DynamoDB fleet budget slot {key} for {target} could not be taken (nothing stopped, lock released): {e.Message}", e);
        }
    }

    private async Task<bool> ClaimFirstAsync(AlarmEvent alarm, ServiceTarget target, DateTimeOffset spentSince, DateTimeOffset until, CancellationToken deadline)
    {
        try
        {
            return await locks.TryClaimAsync(FleetKeys.Brake(target.Cluster, settings.DryRun), spentSince, until, target, alarm, deadline).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Undecided, the engagement might go unnotified: fail, so Lambda's retry decides it (nothing was stopped, the lock is back).
            metrics.Add(RemediatorMetrics.Failed, 1, MetricUnit.Count);
            log.Error("Held by the fleet brake, but could not mark the first held alarm", e, Props(alarm, "failed", target));
            throw new RemediationFailedException($"Held by the fleet brake (nothing stopped, lock released), but the brake's marker for cluster {target.Cluster} could not be written: {e.Message}", e);
        }
    }
}

/// <summary>Every fleet budget slot is held: when the first of them frees (when known), and since when all are held, the name of the engagement.</summary>
internal readonly record struct SpentBudget(DateTimeOffset? ReleasesAt, DateTimeOffset Since);

/// <summary>
/// The lock table's items of the fleet budget of one cluster: one per slot, and the brake's marker
/// (the first held alarm of an engagement). Dry runs have their own, as their service locks do, so a
/// rehearsal never spends the budget of real stops. ECS names contain no '#', so no key of a service
/// lock (<c>LOCK#cluster#service</c>, <c>DRYRUN#cluster#service</c>) can equal one of these.
/// </summary>
internal static class FleetKeys
{
    public static string Slot(string cluster, bool dryRun, int index)
        => Prefix(dryRun) + cluster + "#SLOT#" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Brake(string cluster, bool dryRun) => Prefix(dryRun) + cluster + "#BRAKE";

    private static string Prefix(bool dryRun) => dryRun ? "DRYRUN#FLEET#" : "FLEET#";
}
