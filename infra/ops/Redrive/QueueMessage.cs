namespace LambdaSuite.Redrive;

/// <summary>One message as received: its id, its receipt handle, its body.</summary>
internal sealed record QueueMessage(string MessageId, string ReceiptHandle, string Body);
