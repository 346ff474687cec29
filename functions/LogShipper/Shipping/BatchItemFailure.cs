namespace LambdaSuite.LogShipper.Shipping;

/// <summary>An SQS message Lambda returns to the queue (the partial batch response's item).</summary>
internal sealed record BatchItemFailure(string ItemIdentifier);
