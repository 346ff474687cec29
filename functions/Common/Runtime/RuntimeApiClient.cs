using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace LambdaSuite.Common.Runtime;

/// <summary>
/// The four calls of the Lambda Runtime API (version 2018-06-01) over one kept-alive HTTP/1.1
/// connection to <c>AWS_LAMBDA_RUNTIME_API</c>. The next-invocation call is a long poll that
/// returns only when an event arrives, so no request has a timeout.
/// </summary>
public sealed class RuntimeApiClient : IDisposable
{
    public const string EndpointVariable = "AWS_LAMBDA_RUNTIME_API";
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    /// <summary>How much of an unexpected answer's body an error message quotes, "…" included.</summary>
    public const int MaxBodyTextLength = 200;

    private readonly HttpClient _http;

    public RuntimeApiClient(string endpoint, HttpMessageHandler? handler = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        if (!Uri.TryCreate($"http://{endpoint.Trim()}/2018-06-01/runtime/", UriKind.Absolute, out var baseAddress) || baseAddress.PathAndQuery != "/2018-06-01/runtime/")
        {
            throw new ArgumentException($"{EndpointVariable}=\"{endpoint}\" is invalid: expected host:port", nameof(endpoint));
        }

        _http = new HttpClient(handler ?? CreateHandler(), disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>
    /// One connection, kept open between invocations (Lambda freezes the process in between), never
    /// through a proxy: HTTP_PROXY set for the function's own calls must not capture the Runtime API.
    /// </summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        MaxConnectionsPerServer = 1,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
    };

    /// <summary>Waits for the next event. Anything but 200 means the execution environment is broken.</summary>
    public async Task<NextInvocation> NextAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync("invocation/next", HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new RuntimeApiException($"GET /runtime/invocation/next answered {(int)response.StatusCode} {response.ReasonPhrase}: {await BodyText(response, cancellationToken).ConfigureAwait(false)}");
        }

        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new NextInvocation(
            Header(response, "Lambda-Runtime-Aws-Request-Id"),
            Header(response, "Lambda-Runtime-Deadline-Ms"),
            Header(response, "Lambda-Runtime-Invoked-Function-Arn"),
            Header(response, "Lambda-Runtime-Trace-Id"),
            payload);
    }

    /// <summary>Posts the function's response; returns the status (202 when accepted).</summary>
    public async Task<HttpStatusCode> PostResponseAsync(string requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        using var content = new ReadOnlyMemoryContent(body);
        using var response = await _http.PostAsync(InvocationPath(requestId, "response"), content, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    /// <summary>Posts an invocation error; returns the status (202 when accepted).</summary>
    public Task<HttpStatusCode> PostErrorAsync(string requestId, string functionErrorType, ErrorReport error, CancellationToken cancellationToken = default)
        => PostErrorBodyAsync(InvocationPath(requestId, "error"), functionErrorType, error, cancellationToken);

    /// <summary>Posts an init error (the function could not be created); returns the status (202 when accepted).</summary>
    public Task<HttpStatusCode> PostInitErrorAsync(string functionErrorType, ErrorReport error, CancellationToken cancellationToken = default)
        => PostErrorBodyAsync("init/error", functionErrorType, error, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<HttpStatusCode> PostErrorBodyAsync(string path, string functionErrorType, ErrorReport error, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, RuntimeJsonContext.Default.ErrorReport));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation(ErrorTypeHeader, functionErrorType);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    // The request id comes from the wire: escaped, so it can only ever name one path segment.
    private static string InvocationPath(string requestId, string action)
        => string.Create(CultureInfo.InvariantCulture, $"invocation/{Uri.EscapeDataString(requestId)}/{action}");

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<string> BodyText(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return TextPrefix.Capped(text, MaxBodyTextLength);
    }
}

/// <summary>One event from <c>GET /runtime/invocation/next</c>: the headers as sent, and the payload.</summary>
public sealed record NextInvocation(string? RequestId, string? DeadlineMs, string? InvokedFunctionArn, string? TraceId, byte[] Payload);

/// <summary>The Runtime API answered a call with a status that means the process cannot go on.</summary>
public sealed class RuntimeApiException : Exception
{
    public RuntimeApiException() { }

    public RuntimeApiException(string message) : base(message) { }

    public RuntimeApiException(string message, Exception innerException) : base(message, innerException) { }
}
