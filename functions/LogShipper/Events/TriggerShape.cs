namespace LambdaSuite.LogShipper.Events;

/// <summary>Which payload shape invoked us; decides whether failures throw or become batchItemFailures.</summary>
internal enum TriggerShape
{
    S3Notification,
    S3TestEvent,
    EventBridge,
    Sqs,
    BatchOperations,
}
