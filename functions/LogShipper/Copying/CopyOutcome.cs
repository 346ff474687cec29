namespace LambdaSuite.LogShipper.Copying;

/// <summary>What happened to one object. Failures carry a reason category for logs and alarms.</summary>
internal sealed record CopyOutcome(OutcomeKind Kind, long Bytes = 0, string? Category = null, string? Detail = null, Exception? Exception = null)
{
    public static CopyOutcome Shipped(long bytes) => new(OutcomeKind.Shipped, bytes);

    public static readonly CopyOutcome Superseded = new(OutcomeKind.Superseded);

    public static CopyOutcome Failed(string category, string detail, Exception? exception = null)
        => new(OutcomeKind.Failed, Category: category, Detail: detail, Exception: exception);
}
