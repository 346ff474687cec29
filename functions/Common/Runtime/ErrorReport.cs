using System.Text.Json.Serialization;
using LambdaSuite.Common.Logging;

namespace LambdaSuite.Common.Runtime;

/// <summary>
/// The error body of the Runtime API's error endpoints. Lambda hands it to the caller (and to
/// on-failure destinations), outside our log masking, so the message is e-mail-masked and capped
/// here; <see cref="InvalidInputException"/> messages are already quoted and capped by that type.
/// </summary>
public sealed record ErrorReport(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace)
{
    /// <summary>Longest error message sent, "…" included; the full detail is in the function's log line.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>The report for an exception: its type name, masked message and stack frames.</summary>
    public static ErrorReport From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var frames = exception.StackTrace?
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(EmailMask.Mask)
            .ToArray() ?? [];
        return new ErrorReport(exception.GetType().Name, Cap(EmailMask.Mask(exception.Message)), frames);
    }

    /// <summary>A report the runtime itself raises (no exception behind it).</summary>
    public static ErrorReport Of(string errorType, string message) => new(errorType, Cap(EmailMask.Mask(message)), []);

    private static string Cap(string message) => TextPrefix.Capped(message, MaxMessageLength);
}

/// <summary>Source-generated JSON for the error bodies the runtime posts (no reflection: NativeAOT).</summary>
[JsonSerializable(typeof(ErrorReport))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
