namespace LambdaSuite.LogShipper.Events;

/// <summary>One unit of work from the payload, tagged with the SQS message it came from (if any).</summary>
internal abstract record WorkItem(string? MessageId);
