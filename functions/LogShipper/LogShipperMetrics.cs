namespace LambdaSuite.LogShipper;

/// <summary>The function's metric names (the template's alarms and dashboard read them).</summary>
internal static class LogShipperMetrics
{
    public const string ObjectsShipped = "ObjectsShipped";
    public const string ObjectsSkipped = "ObjectsSkipped";
    public const string ObjectsFailed = "ObjectsFailed";

    /// <summary>Objects failed in an SQS batch or a Batch Operations job (answered per item, never thrown).</summary>
    public const string BatchObjectsFailed = "BatchObjectsFailed";

    public const string BytesShipped = "BytesShipped";
    public const string ObjectAgeSeconds = "ObjectAgeSeconds";

    /// <summary>1 when a preflight found a failing check, 0 when all passed.</summary>
    public const string PreflightFailed = "PreflightFailed";
}
