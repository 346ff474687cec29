using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;
using LambdaSuite.Common.Aws.Tls;
using LambdaSuite.Common.Logging;
using LambdaSuite.Remediator.Decision;

namespace LambdaSuite.Remediator.Aws.Ecs;

/// <summary>
/// <see cref="IEcsClient"/> over ECS's JSON 1.1 protocol (our own, to stay NativeAOT-compatible and dependency-free),
/// signed by AWSSDK.Core's <see cref="SigV4SigningHandler"/>. Create one per execution
/// environment: it owns one <see cref="HttpClient"/> and its connection pool.
/// </summary>
internal sealed class EcsClient : IEcsClient, IDisposable
{
    private const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";

    private readonly HttpClient _http;
    private readonly Uri _serviceUrl;
    private readonly EcsRetryPolicy _retry;

    public EcsClient(EcsClientOptions options, ILog? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = EcsEndpointResolver.Resolve(options.Environment);
        _serviceUrl = endpoint.ServiceUrl;
        _retry = new EcsRetryPolicy(options.Retry, options.AttemptTimeout, options.Time, log);
        var signing = new AWSSigV4Parameters
        {
            Credentials = options.Credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(null),
            Region = RegionEndpoint.GetBySystemName(endpoint.Region),
            Service = "ecs",
            SignedAt = options.SignedAt,
        };

        // Redirects must not be followed below the signer (a followed hop would carry a stale
        // signature). Retries live above HttpClient so every attempt is signed afresh. The
        // transport is the SDK clients' (AwsHttp): the same TLS trust, from the same variables.
        var transport = options.Transport ?? AwsHttp.Transport(options.Environment, sockets =>
        {
            sockets.AllowAutoRedirect = false;
            sockets.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        });
        _http = new HttpClient(new SigV4SigningHandler(signing, transport), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken = default)
        => InvokeAsync("ListTasks", request, EcsJsonContext.Default.ListTasksRequest, EcsJsonContext.Default.ListTasksResponse, cancellationToken);

    public Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default)
        => InvokeAsync("DescribeTasks", request, EcsJsonContext.Default.DescribeTasksRequest, EcsJsonContext.Default.DescribeTasksResponse, cancellationToken);

    // A StopTask whose response was lost to a timeout is sent again. That is safe: stopping a task
    // that is already stopping/stopped succeeds and returns the task, so a repeat has no extra effect.
    public Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken = default)
        => InvokeAsync("StopTask", request, EcsJsonContext.Default.StopTaskRequest, EcsJsonContext.Default.StopTaskResponse, cancellationToken);

    public void Dispose() => _http.Dispose();

    private Task<TResponse> InvokeAsync<TRequest, TResponse>(string operation, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        return _retry.ExecuteAsync(operation, token => SendOnceAsync(operation, body, responseType, token), cancellationToken);
    }

    private async Task<TResponse> SendOnceAsync<TResponse>(string operation, byte[] body, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _serviceUrl) { Content = new ByteArrayContent(body) };
        // Set explicitly: StringContent would append "; charset=utf-8", which JSON 1.1 does not use.
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + operation);

        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw EcsErrorParser.Parse(operation, response.StatusCode, Header(response, "x-amzn-RequestId"), Header(response, "x-amzn-ErrorType"), payload);
        }

        try
        {
            return JsonSerializer.Deserialize(payload, responseType)
                ?? throw new JsonException("the response body is JSON null");
        }
        catch (JsonException e)
        {
            throw new AmazonEcsException(
                $"ECS {operation} failed: InvalidResponse: {e.Message} (HTTP {(int)response.StatusCode})", "InvalidResponse", response.StatusCode, Header(response, "x-amzn-RequestId"), isRetryable: false, e);
        }
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
