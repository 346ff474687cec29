namespace LambdaSuite.Ops;

/// <summary>Lambda's X-Amz-Invocation-Type: queued for the function's async retries, or run while the caller waits for the answer.</summary>
public enum InvocationType
{
    Event,
    RequestResponse,
}
