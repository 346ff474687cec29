namespace LambdaSuite.Remediator.Locking;

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
