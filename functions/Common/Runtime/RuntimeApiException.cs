namespace LambdaSuite.Common.Runtime;

/// <summary>The Runtime API answered a call with a status that means the process cannot go on.</summary>
public sealed class RuntimeApiException : Exception
{
    public RuntimeApiException() { }

    public RuntimeApiException(string message) : base(message) { }

    public RuntimeApiException(string message, Exception innerException) : base(message, innerException) { }
}
