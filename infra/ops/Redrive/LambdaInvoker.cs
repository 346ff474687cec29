using System.Net;
using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;

namespace LambdaSuite.Redrive;

/// <summary>
/// Lambda Invoke with InvocationType=Event (AWSSDK.Lambda is not available here): a SigV4-signed
/// POST that Lambda answers 202 once it has queued the event; its retries and on-failure
/// destination take over from there. Throttling and 5xx are tried three times.
/// </summary>
internal sealed class LambdaInvoker : IInvoker, IDisposable
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];
    private readonly HttpClient _http;
    private readonly Uri _url;

    public LambdaInvoker(string function, Func<string, string?> environment, HttpMessageHandler? transport = null, Amazon.Runtime.AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        FunctionName = FailureRecords.FunctionName(function) ?? function;
        var parts = function.Split(':');
        var region = parts.Length >= 7 && parts[0] == "arn" ? parts[3]
            : environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION") ?? throw new UsageException("AWS_REGION is not set: give the function as an ARN or set AWS_REGION");
        var endpoint = environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") == "true" ? null : environment("AWS_ENDPOINT_URL_LAMBDA") ?? environment("AWS_ENDPOINT_URL");
        var baseUrl = new Uri(endpoint ?? $"https://lambda.{region}.amazonaws.com/");
        _url = new Uri(baseUrl, $"2015-03-31/functions/{Uri.EscapeDataString(function)}/invocations");
        var signing = new AWSSigV4Parameters
        {
            Credentials = credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(null),
            Region = RegionEndpoint.GetBySystemName(region),
            Service = "lambda",
        };
        _http = new HttpClient(new SigV4SigningHandler(signing, transport ?? new SocketsHttpHandler { AllowAutoRedirect = false }), disposeHandler: true)
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public string? FunctionName { get; }

    public Uri Url => _url;

    public async Task<(bool Accepted, string Detail)> InvokeAsync(string payload, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            string detail;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new StringContent(payload) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.TryAddWithoutValidation("X-Amz-Invocation-Type", "Event");
                using var response = await _http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return (true, "accepted (202)");
                }

                var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First().Split(':')[0] : "Error";
                detail = $"{type} ({(int)response.StatusCode}): {Truncate(await response.Content.ReadAsStringAsync(cancellationToken))}";
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    return (false, detail);
                }
            }
            catch (HttpRequestException e)
            {
                detail = $"{e.GetType().Name}: {e.Message}";
            }

            if (attempt >= Backoff.Length)
            {
                return (false, detail);
            }

            await Task.Delay(Backoff[attempt], cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
