using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LambdaSuite.Common;

/// <summary>Building the response a Stream handler returns.</summary>
public static class HandlerOutput
{
    /// <summary>
    /// The value as JSON in a stream at Position 0: the runtime sends the returned stream from its
    /// current position, so a stream left at its end would be an empty response.
    /// </summary>
    public static async Task<Stream> JsonAsync<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, value, typeInfo).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }
}
