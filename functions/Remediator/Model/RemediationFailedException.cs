namespace LambdaSuite.Remediator.Model;

/// <summary>An AWS call failed; the message names the step, the service and the cause.</summary>
public sealed class RemediationFailedException : Exception
{
    public RemediationFailedException() { }

    public RemediationFailedException(string message) : base(message) { }

    public RemediationFailedException(string message, Exception innerException) : base(message, innerException) { }
}
