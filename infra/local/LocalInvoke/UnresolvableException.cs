namespace LambdaSuite.LocalInvoke;

internal sealed class UnresolvableException(string message) : Exception(message);
