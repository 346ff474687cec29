namespace LambdaSuite.LogShipper.Shipping;

/// <summary>The answer S3 Batch Operations expects from a Lambda function: one result per task.</summary>
internal sealed record BatchResponse(string InvocationSchemaVersion, string TreatMissingKeysAs, string InvocationId, IReadOnlyList<BatchTaskResult> Results);

/// <summary>One task's entry in the Batch Operations answer: its result code and the completion report's text.</summary>
internal sealed record BatchTaskResult(string TaskId, string ResultCode, string ResultString);
