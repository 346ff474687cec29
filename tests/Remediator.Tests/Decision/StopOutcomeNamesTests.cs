using LambdaSuite.Remediator.Decision;
using Xunit;

namespace Remediator.Tests.Decision;

/// <summary>The outcome and status written on the lock item (the audit trail the README documents).</summary>
public sealed class StopOutcomeNamesTests
{
    [Theory]
    [InlineData(nameof(StopOutcome.Stopped), "stopped", "COMPLETED")]
    [InlineData(nameof(StopOutcome.DryRun), "dry-run", "COMPLETED")]
    [InlineData(nameof(StopOutcome.NothingToStop), "nothing-to-stop", "COMPLETED")]
    [InlineData(nameof(StopOutcome.StopFailed), "stop-failed", "FAILED")]
    [InlineData(nameof(StopOutcome.StopRejected), "stop-rejected", "FAILED")]
    [InlineData(nameof(StopOutcome.Held), "held", "COMPLETED")]
    public void Each_outcome_has_its_name_and_status(string outcome, string name, string status)
    {
        var value = Enum.Parse<StopOutcome>(outcome);

        Assert.Equal((name, status), (value.Name(), value.Status()));
    }
}
