namespace LambdaSuite.LogShipper.Shipping;

/// <summary>One task's entry in the Batch Operations answer: its result code and the completion report's text.</summary>
internal sealed record BatchTaskResult(string TaskId, string ResultCode, string ResultString);
