using System.Net;
using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;

namespace LambdaSuite.Ops;

/// <summary>
/// Lambda Invoke without AWSSDK.Lambda (not served here): a POST signed with AWSSDK.Core's SigV4
/// handler, asynchronous (Event: 202 once queued) or synchronous (RequestResponse: 200 with the
/// function's answer). Throttling, 5xx and a refused connection are tried three times.
/// </summary>
public sealed class LambdaClient : IDisposable
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    /// <summary>An Event is queued at once; a synchronous run may take the function's longest Timeout (900 s).</summary>
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(960);

    private readonly HttpClient _http;

    /// <param name="function">A name (the Region from AWS_REGION) or an ARN (its Region).</param>
    /// <param name="environment">Reads AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS.</param>
    public LambdaClient(string function, Func<string, string?> environment, HttpMessageHandler? transport = null, AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(environment);
        var parts = function.Split(':');
        var region = parts.Length >= 7 && parts[0] == "arn" ? parts[3]
            : environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION") ?? throw new UsageException("AWS_REGION is not set: give the function as an ARN or set AWS_REGION");
        var endpoint = environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") == "true" ? null : environment("AWS_ENDPOINT_URL_LAMBDA") ?? environment("AWS_ENDPOINT_URL");
        Url = new Uri(new Uri(endpoint ?? $"https://lambda.{region}.amazonaws.com/"), $"2015-03-31/functions/{Uri.EscapeDataString(function)}/invocations");
        var signing = new AWSSigV4Parameters
        {
            Credentials = credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(null),
            Region = RegionEndpoint.GetBySystemName(region),
            Service = "lambda",
        };
        _http = new HttpClient(new SigV4SigningHandler(signing, transport ?? new SocketsHttpHandler { AllowAutoRedirect = false }), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Uri Url { get; }

    public async Task<InvokeResponse> InvokeAsync(string payload, InvocationType type, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            InvokeResponse answer;
            try
            {
                answer = await SendAsync(payload, type, cancellationToken);
                if (answer.Status < 500 && answer.Status != (int)HttpStatusCode.TooManyRequests)
                {
                    return answer;
                }
            }
            catch (HttpRequestException e)
            {
                answer = new InvokeResponse(0, null, string.Empty, $"{e.GetType().Name}: {e.Message}");
            }

            if (attempt >= Backoff.Length)
            {
                return answer;
            }

            await Task.Delay(Backoff[attempt], cancellationToken);
        }
    }

    private async Task<InvokeResponse> SendAsync(string payload, InvocationType type, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(type == InvocationType.Event ? EventTimeout : RunTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Amz-Invocation-Type", type.ToString());
        using var response = await _http.SendAsync(request, limit.Token);
        var body = await response.Content.ReadAsStringAsync(limit.Token);
        var status = (int)response.StatusCode;
        var functionError = response.Headers.TryGetValues("X-Amz-Function-Error", out var errors) ? errors.First() : null;
        var detail = status switch
        {
            202 => "accepted (202)",
            200 when functionError is null => "answered (200)",
            200 => $"function error ({functionError}): {Truncate(body)}",
            _ => $"{(response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First().Split(':')[0] : "Error")} ({status}): {Truncate(body)}",
        };
        return new InvokeResponse(status, functionError, body, detail);
    }

    public void Dispose() => _http.Dispose();

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
