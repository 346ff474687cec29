using System.Text.Json;

namespace LambdaSuite.LocalInvoke;

/// <summary>An error as Lambda reports it: its type, and the <c>{"errorType", "errorMessage", ...}</c> JSON the caller gets.</summary>
internal sealed record RuntimeError(string Type, byte[] Json)
{
    /// <summary>What a runtime posted to an error endpoint: the body goes to the caller as posted, the header names the type.</summary>
    public static RuntimeError Posted(string? headerType, byte[] body) => new(headerType ?? "Runtime.Unknown", body);

    public static RuntimeError Create(string type, string message) =>
        new(type, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["errorType"] = type, ["errorMessage"] = message }));
}
