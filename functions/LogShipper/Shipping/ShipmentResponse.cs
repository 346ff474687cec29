namespace LambdaSuite.LogShipper.Shipping;

/// <summary>The function's JSON answer. Keys are decoded. BatchItemFailures only for the SQS shape.</summary>
internal sealed class ShipmentResponse
{
    public List<ShippedObject> Shipped { get; init; } = [];

    public List<SkippedObject> Skipped { get; init; } = [];

    public List<FailedObject> Failed { get; init; } = [];

    /// <summary>SQS partial batch response: only these messages return to the queue.</summary>
    public List<BatchItemFailure>? BatchItemFailures { get; set; }
}

/// <summary>An SQS message Lambda returns to the queue (the partial batch response's item).</summary>
internal sealed record BatchItemFailure(string ItemIdentifier);
