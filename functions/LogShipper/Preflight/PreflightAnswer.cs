using LambdaSuite.LogShipper.Copying;

namespace LambdaSuite.LogShipper.Preflight;

/// <summary>
/// The preflight's answer: <c>result</c> (<c>pass</c> unless a check failed or is unknown), the two
/// canary locations, what S3 said about the copy's encryption (absent when there was no copy), and
/// one entry per check, always in the same order.
/// </summary>
internal sealed class PreflightAnswer
{
    public string Result => Checks.Exists(c => c.FailsThePreflight) ? PreflightCheck.Failed : PreflightCheck.Passed;

    public required string Source { get; init; }

    public string? Destination { get; init; }

    public ObjectEncryption? Encryption { get; init; }

    public required List<PreflightCheck> Checks { get; init; }
}
