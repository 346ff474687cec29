namespace LambdaSuite.Ops;

/// <summary>A command line the tool cannot act on: one line on stderr, exit 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException() { }

    public UsageException(string message) : base(message) { }

    public UsageException(string message, Exception innerException) : base(message, innerException) { }
}
