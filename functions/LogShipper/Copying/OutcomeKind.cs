namespace LambdaSuite.LogShipper.Copying;

/// <summary>How one object copy ended; a failure carries its category in <see cref="CopyOutcome"/>.</summary>
internal enum OutcomeKind
{
    Shipped,
    Superseded,
    Failed,
}
