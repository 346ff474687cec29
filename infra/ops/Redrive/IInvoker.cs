namespace LambdaSuite.Redrive;

/// <summary>Re-invokes the function asynchronously; true when the invoke was accepted.</summary>
internal interface IInvoker
{
    /// <summary>The function name records are checked against (null: not checked).</summary>
    string? FunctionName { get; }

    Task<(bool Accepted, string Detail)> InvokeAsync(string payload, CancellationToken cancellationToken);
}
