namespace LambdaSuite.Common.Runtime;

/// <summary>Turns a handler's response stream into the bytes posted to the Runtime API.</summary>
internal static class ResponsePayload
{
    /// <summary>The handler's stream as bytes; null when it holds more than Lambda accepts (read no further than that).</summary>
    public static async Task<byte[]?> ReadAsync(Stream? output, int maxBytes)
    {
        if (output is null)
        {
            return [];
        }

        await using (output.ConfigureAwait(false))
        {
            if (output.CanSeek && output.Length - output.Position > maxBytes)
            {
                return null;
            }

            using var copy = new MemoryStream();
            var buffer = new byte[81_920];
            int read;
            while ((read = await output.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                copy.Write(buffer, 0, read);
                if (copy.Length > maxBytes)
                {
                    return null;
                }
            }

            return copy.ToArray();
        }
    }
}
