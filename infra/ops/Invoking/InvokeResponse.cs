namespace LambdaSuite.Ops;

/// <summary>
/// Lambda's answer to an Invoke: the HTTP status (202 queued, 200 ran; 0 when no answer came),
/// <c>X-Amz-Function-Error</c> when the function itself failed (its error JSON is then the body),
/// and a one-line description for reports.
/// </summary>
public sealed record InvokeResponse(int Status, string? FunctionError, string Body, string Detail)
{
    /// <summary>The function ran and answered (RequestResponse), or the event was queued (Event).</summary>
    public bool Succeeded => FunctionError is null && Status is 200 or 202;
}
