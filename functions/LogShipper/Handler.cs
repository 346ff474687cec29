namespace LambdaSuite.LogShipper;

/// <summary>Lambda entry point (managed dotnet10 runtime, Stream in and out). Placeholder until the function issue lands.</summary>
public sealed class Handler
{
    private readonly string _name = "LogShipper";

    public Task<Stream> HandleAsync(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        throw new NotSupportedException(_name + " is not implemented yet");
    }
}
