namespace LambdaSuite.Remediator.Reporting;

/// <summary>
/// The messages of the log lines a stop, a dry-run stop and a held alarm write: the fleet brake's
/// notification links a query for exactly these (<see cref="ConsoleLinks.FleetLog"/>).
/// </summary>
internal static class FleetLogMessages
{
    public const string Stopped = "Stopped task";
    public const string DryRun = "Dry run: would stop task";
    public const string Held = "Held by the fleet brake";
}
