namespace LambdaSuite.LogShipper.Events;

/// <summary>Which payload shape invoked us; decides whether failures throw or become batchItemFailures.</summary>
internal enum TriggerShape
{
    S3Notification,
    S3TestEvent,
    EventBridge,
    Sqs,
    BatchOperations,

    /// <summary><c>{"preflight": true}</c>: the checklist of Preflight/, never a copy of a log object.</summary>
    Preflight,
}
