namespace LambdaSuite.LogShipper.Shipping;

/// <summary>An object deliberately not copied, and why (a skip reason such as <c>disabled</c> or <c>superseded</c>).</summary>
internal sealed record SkippedObject(string SourceKey, string Reason);
