using System.Text.Json;

namespace LambdaSuite.TestSupport;

/// <summary>
/// One request as it left the SDK. Operation: the <c>X-Amz-Target</c> operation of a JSON protocol
/// (DynamoDB), else the HTTP method. Body: the JSON of a JSON-protocol request, else undefined.
/// </summary>
public sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Operation, JsonElement Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public bool IsCopyObject => Method == "PUT" && Header("x-amz-copy-source") is not null && !Uri.Query.Contains("uploadId", StringComparison.Ordinal);

    public bool IsUploadPartCopy => Method == "PUT" && Header("x-amz-copy-source") is not null && Uri.Query.Contains("uploadId", StringComparison.Ordinal);

    public void Deconstruct(out string operation, out JsonElement body) => (operation, body) = (Operation, Body);

    internal static async Task<RecordedRequest> ReadAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            headers[name] = string.Join(",", values);
        }

        var target = headers.GetValueOrDefault("X-Amz-Target");
        var json = request.Content is not null && headers.GetValueOrDefault("Content-Type")?.StartsWith("application/x-amz-json-", StringComparison.Ordinal) == true
            ? await request.Content.ReadAsStringAsync(cancellationToken)
            : null;
        return new RecordedRequest(
            request.Method.Method,
            request.RequestUri!,
            headers,
            target is null ? request.Method.Method : target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..],
            string.IsNullOrEmpty(json) ? default : JsonDocument.Parse(json).RootElement.Clone());
    }
}
