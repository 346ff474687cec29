using LambdaSuite.Ops;

namespace LambdaSuite.Redrive;

/// <summary>
/// Re-sends an event with Lambda Invoke, InvocationType=Event: accepted once Lambda answers 202
/// (it has queued the event; its retries and on-failure destination take over from there).
/// </summary>
internal sealed class LambdaInvoker(LambdaClient lambda, string function) : IInvoker, IDisposable
{
    public LambdaInvoker(string function, Func<string, string?> environment, HttpMessageHandler? transport = null, Amazon.Runtime.AWSCredentials? credentials = null)
        : this(new LambdaClient(function, environment, transport, credentials), function)
    {
    }

    public string? FunctionName { get; } = FailureRecords.FunctionName(function) ?? function;

    public Uri Url => lambda.Url;

    public async Task<(bool Accepted, string Detail)> InvokeAsync(string payload, CancellationToken cancellationToken)
    {
        var answer = await lambda.InvokeAsync(payload, InvocationType.Event, cancellationToken);
        return (answer.Status == 202, answer.Detail);
    }

    public void Dispose() => lambda.Dispose();
}
