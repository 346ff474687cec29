namespace LambdaSuite.Common;

/// <summary>Reading the invocation payload a handler receives as a Stream.</summary>
public static class HandlerInput
{
    /// <summary>The whole payload. The runtime passes a MemoryStream, which is copied without a read loop.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input is MemoryStream { Position: 0 } memory)
        {
            return memory.ToArray();
        }

        using var copy = new MemoryStream();
        await input.CopyToAsync(copy).ConfigureAwait(false);
        return copy.ToArray();
    }
}
