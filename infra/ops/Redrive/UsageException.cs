namespace LambdaSuite.Redrive;

internal sealed class UsageException(string message) : Exception(message);
