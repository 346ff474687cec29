namespace LambdaSuite.LogShipper.Shipping;

/// <summary>An object now at the destination (keys decoded, <c>bytes</c> as copied).</summary>
internal sealed record ShippedObject(string SourceBucket, string SourceKey, string DestinationBucket, string DestinationKey, long Bytes);
