using System.Text.Json;

namespace LambdaSuite.Redrive;

internal static class FailureRecords
{
    /// <summary>
    /// Lambda's on-failure destination record (<c>requestContext</c> + <c>requestPayload</c>): the
    /// payload is the original event. An EventBridge rule's dead-letter message is the event itself.
    /// Anything else is not ours to guess at: null, and the message stays in the queue.
    /// </summary>
    public static FailureRecord? Read(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("requestPayload", out var payload) && root.TryGetProperty("requestContext", out var context) && context.ValueKind == JsonValueKind.Object)
            {
                var condition = Text(context, "condition") ?? "unknown";
                var attempts = context.TryGetProperty("approximateInvokeCount", out var count) && count.ValueKind == JsonValueKind.Number ? count.GetRawText() : "?";
                return new FailureRecord(payload.GetRawText(), FunctionName(Text(context, "functionArn")), $"{condition}, {attempts} attempts");
            }

            return Text(root, "detail-type") is { } detailType && Text(root, "source") is not null
                ? new FailureRecord(body, null, $"EventBridge event ({detailType})")
                : null;
        }
    }

    /// <summary>"arn:aws:lambda:region:account:function:name[:qualifier]" or a bare name → the name.</summary>
    public static string? FunctionName(string? nameOrArn)
    {
        if (nameOrArn is null)
        {
            return null;
        }

        var parts = nameOrArn.Split(':');
        return parts.Length >= 7 && parts[0] == "arn" && parts[5] == "function" ? parts[6] : nameOrArn;
    }

    private static string? Text(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
