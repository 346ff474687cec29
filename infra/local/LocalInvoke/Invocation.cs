using System.Diagnostics;
using System.Text.Json;

namespace LambdaSuite.LocalInvoke;

/// <summary>One event on its way through the Runtime API: queued, handed out, answered.</summary>
internal sealed class Invocation(string requestId, byte[] payload, TimeSpan timeout, Action<Invocation>? handingOut)
{
    private readonly TaskCompletionSource _handedOut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<(bool Succeeded, byte[] Body)> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RequestId { get; } = requestId;

    public byte[] Payload { get; } = payload;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Completes when the runtime received the event from <c>next</c>.</summary>
    public Task HandedOut => _handedOut.Task;

    /// <summary>Completes with the runtime's response, or the error JSON it (or the API) reported.</summary>
    public Task<(bool Succeeded, byte[] Body)> Result => _result.Task;

    public long HandedOutAt { get; private set; }

    public long CompletedAt { get; private set; }

    /// <summary>Runs the owner's hook (Lambda's START line) before the runtime can see the event.</summary>
    public void MarkHandedOut()
    {
        handingOut?.Invoke(this);
        HandedOutAt = Stopwatch.GetTimestamp();
        _handedOut.TrySetResult();
    }

    public void Complete(bool succeeded, byte[] body)
    {
        CompletedAt = Stopwatch.GetTimestamp();
        _result.TrySetResult((succeeded, body));
    }
}

/// <summary>What a runtime posts to <c>init/error</c> or <c>invocation/{id}/error</c>.</summary>
internal sealed record RuntimeError(string Type, byte[] Json)
{
    /// <summary>
    /// Lambda passes the runtime's JSON body on to the caller; a body that is not a JSON object
    /// becomes the message of one, typed by the Lambda-Runtime-Function-Error-Type header.
    /// </summary>
    public static RuntimeError Normalize(string? headerType, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var type = document.RootElement.TryGetProperty("errorType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                return new RuntimeError(type ?? headerType ?? "Runtime.Unknown", body);
            }
        }
        catch (JsonException)
        {
            // not JSON: wrapped below
        }

        return Create(headerType ?? "Runtime.Unknown", System.Text.Encoding.UTF8.GetString(body));
    }

    public static RuntimeError Create(string type, string message)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("errorType", type);
            writer.WriteString("errorMessage", message);
            writer.WriteEndObject();
        }

        return new RuntimeError(type, json.ToArray());
    }
}
