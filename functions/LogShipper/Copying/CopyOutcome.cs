namespace LambdaSuite.LogShipper.Copying;

/// <summary>
/// What happened to one object. Failures carry a reason category for logs and alarms; a copy made
/// with one CopyObject carries what S3's answer said about its encryption (null after a multipart
/// copy or a copy whose answer was lost).
/// </summary>
internal sealed record CopyOutcome(CopyStatus Status, long Bytes = 0, string? Category = null, string? Detail = null, Exception? Exception = null, ObjectEncryption? Encryption = null)
{
    public static CopyOutcome Shipped(long bytes, ObjectEncryption? encryption = null) => new(CopyStatus.Shipped, bytes, Encryption: encryption);

    public static readonly CopyOutcome Superseded = new(CopyStatus.Superseded);

    public static CopyOutcome Failed(string category, string detail, Exception? exception = null)
        => new(CopyStatus.Failed, Category: category, Detail: detail, Exception: exception);
}

/// <summary>How one object copy ended; a failure carries its category in <see cref="CopyOutcome"/>.</summary>
internal enum CopyStatus
{
    Shipped,
    Superseded,
    Failed,
}
