using LambdaSuite.Remediator.Locking;
using Xunit;

namespace Remediator.Tests.Locking;

/// <summary>The outcome and status written on the lock item (the audit trail the README documents).</summary>
public sealed class LockOutcomeNamesTests
{
    [Theory]
    [InlineData(nameof(LockOutcome.Stopped), "stopped", "COMPLETED")]
    [InlineData(nameof(LockOutcome.DryRun), "dry-run", "COMPLETED")]
    [InlineData(nameof(LockOutcome.NothingToStop), "nothing-to-stop", "COMPLETED")]
    [InlineData(nameof(LockOutcome.StopFailed), "stop-failed", "FAILED")]
    [InlineData(nameof(LockOutcome.StopRejected), "stop-rejected", "FAILED")]
    [InlineData(nameof(LockOutcome.Held), "held", "COMPLETED")]
    public void Each_outcome_has_its_name_and_status(string outcome, string name, string status)
    {
        var value = Enum.Parse<LockOutcome>(outcome);

        Assert.Equal((name, status), (value.Name(), value.Status()));
    }
}
