namespace LambdaSuite.LocalInvoke;

/// <summary>A problem with the command line, the template or the build: exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
