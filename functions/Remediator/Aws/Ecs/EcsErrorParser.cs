using System.Net;
using System.Text;
using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.Remediator.Decision;

namespace LambdaSuite.Remediator.Aws.Ecs;

/// <summary>
/// Turns a non-2xx JSON 1.1 response (<c>{"__type": ..., "message": ...}</c>) into one exception naming
/// the error code, and whether the same request may succeed later (throttling, 5xx).
/// </summary>
internal static class EcsErrorParser
{
    /// <summary>How much of a body that is not ECS's JSON (a proxy's page) the message shows.</summary>
    public const int MaxBodyTextLength = 200;

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "TooManyRequestsException",
    };

    public static AmazonEcsException Parse(string operation, HttpStatusCode status, string? requestId, string? errorTypeHeader, ReadOnlySpan<byte> body)
    {
        var (type, message) = ReadBody(body);
        var code = ShortName(type ?? errorTypeHeader) ?? $"Http{(int)status}";
        message ??= FirstLine(TextPrefix.Capped(Encoding.UTF8.GetString(body[..Math.Min(body.Length, 4 * MaxBodyTextLength)]), MaxBodyTextLength));
        var text = $"ECS {operation} failed: {code}{(string.IsNullOrEmpty(message) ? string.Empty : ": " + message)} (HTTP {(int)status})";

        var retryable = status == HttpStatusCode.TooManyRequests || (int)status >= 500 || ThrottlingCodes.Contains(code) || code == "ServerException";
        return new AmazonEcsException(text, code, status, requestId, retryable);
    }

    /// <summary>"com.amazonaws.ecs#ClusterNotFoundException" and "X:http://internal..." both become "X".</summary>
    internal static string? ShortName(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }

        var name = type[(type.LastIndexOf('#') + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        name = (colon >= 0 ? name[..colon] : name).Trim();
        return name.Length == 0 ? null : name;
    }

    private static (string? Type, string? Message) ReadBody(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            return (Text(doc.RootElement, "__type"), FirstLine(Text(doc.RootElement, "message") ?? Text(doc.RootElement, "Message")));
        }
        catch (JsonException)
        {
            // A proxy or load balancer answered with HTML or plain text; the status code still says enough.
            return (null, null);
        }
    }

    private static string? Text(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // Exception messages stay one line so a log line / Lambda errorMessage stays readable.
    private static string? FirstLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var end = trimmed.IndexOfAny(['\r', '\n']);
        return end < 0 ? trimmed : trimmed[..end].TrimEnd();
    }
}
