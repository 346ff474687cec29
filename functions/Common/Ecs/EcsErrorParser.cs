using System.Net;
using System.Text;
using System.Text.Json;

namespace LambdaSuite.Common.Ecs;

/// <summary>Turns a non-2xx JSON 1.1 response (<c>{"__type": ..., "message": ...}</c>) into a typed exception.</summary>
internal static class EcsErrorParser
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "TooManyRequestsException",
    };

    public static AmazonEcsException Parse(string operation, HttpStatusCode status, string? requestId, string? errorTypeHeader, ReadOnlySpan<byte> body)
    {
        var (type, message) = ReadBody(body);
        var code = ShortName(type ?? errorTypeHeader) ?? $"Http{(int)status}";
        message ??= FirstLine(Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)]));
        var text = $"ECS {operation} failed: {code}{(string.IsNullOrEmpty(message) ? string.Empty : ": " + message)} (HTTP {(int)status})";

        if (status == HttpStatusCode.TooManyRequests || ThrottlingCodes.Contains(code))
        {
            return new ThrottlingException(text, code, status, requestId);
        }

        return code switch
        {
            "ClusterNotFoundException" => new ClusterNotFoundException(text, code, status, requestId),
            "ServiceNotFoundException" => new ServiceNotFoundException(text, code, status, requestId),
            "InvalidParameterException" => new InvalidParameterException(text, code, status, requestId),
            "AccessDeniedException" => new AccessDeniedException(text, code, status, requestId),
            "ClientException" => new ClientException(text, code, status, requestId),
            "ServerException" => new ServerException(text, code, status, requestId),
            _ => new AmazonEcsException(text, code, status, requestId, isRetryable: (int)status >= 500),
        };
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
