using System.Net;
using System.Text.Json;
using LambdaSuite.Common.Runtime;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Common.Tests.Runtime;

public sealed class RuntimeApiClientTests : IDisposable
{
    private static readonly DateTimeOffset Deadline = new(2026, 11, 22, 10, 0, 5, 123, TimeSpan.Zero);
    private readonly FakeRuntimeApi _api = new();
    private readonly RuntimeApiClient _client;

    public RuntimeApiClientTests() => _client = new RuntimeApiClient("127.0.0.1:9001", _api);

    [Fact]
    public async Task Next_polls_the_versioned_path_and_returns_the_invocation_headers_and_payload()
    {
        _api.Enqueue("{\"a\":1}", "8476a536-e9f4-11e8-9739-2dfe598c3fcd", Deadline, "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1");

        var next = await _client.NextAsync();

        var call = Assert.Single(_api.Calls);
        Assert.Equal(("GET", "/2018-06-01/runtime/invocation/next"), (call.Method, call.Path));
        Assert.Equal("8476a536-e9f4-11e8-9739-2dfe598c3fcd", next.RequestId);
        Assert.Equal("1795341605123", next.DeadlineMs);
        Assert.Equal(TestInvocation.FunctionArn, next.InvokedFunctionArn);
        Assert.Equal("Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1", next.TraceId);
        Assert.Equal("{\"a\":1}"u8.ToArray(), next.Payload);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task Next_answered_with_anything_but_200_is_a_runtime_api_failure(HttpStatusCode status)
    {
        _api.EnqueueStatus(status);

        var error = await Assert.ThrowsAsync<RuntimeApiException>(() => _client.NextAsync());

        Assert.StartsWith($"GET /runtime/invocation/next answered {(int)status}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_answer_quotes_at_most_MaxBodyTextLength_characters_of_its_body_ellipsis_included()
    {
        _api.EnqueueStatus(HttpStatusCode.InternalServerError, new string('x', 1000));

        var error = await Assert.ThrowsAsync<RuntimeApiException>(() => _client.NextAsync());

        var body = error.Message[(error.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        Assert.Equal(new string('x', RuntimeApiClient.MaxBodyTextLength - 1) + "…", body);
    }

    [Fact]
    public async Task A_response_is_posted_as_sent_to_the_invocations_path_with_the_request_id_escaped()
    {
        var status = await _client.PostResponseAsync("id/../next?x", "[1,2]"u8.ToArray());

        var call = Assert.Single(_api.Posts);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("/2018-06-01/runtime/invocation/id%2F..%2Fnext%3Fx/response", call.Path);
        Assert.Equal("[1,2]"u8.ToArray(), call.Body);
        Assert.Null(call.ErrorType);
    }

    [Fact]
    public async Task An_invocation_error_carries_the_error_type_header_and_the_documented_body()
    {
        await _client.PostErrorAsync("req-1", "Function.InvalidInputException", new ErrorReport("InvalidInputException", "sub is missing", ["at A.B()", "at C.D()"]));

        var call = Assert.Single(_api.Posts);
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/error", call.Path);
        Assert.Equal("Function.InvalidInputException", call.ErrorType);
        var body = JsonDocument.Parse(call.Body).RootElement;
        Assert.Equal(["errorType", "errorMessage", "stackTrace"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("InvalidInputException", body.GetProperty("errorType").GetString());
        Assert.Equal("sub is missing", body.GetProperty("errorMessage").GetString());
        Assert.Equal(["at A.B()", "at C.D()"], body.GetProperty("stackTrace").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task An_init_error_goes_to_the_init_path()
    {
        await _client.PostInitErrorAsync("Runtime.InitError", ErrorReport.Of("ConfigurationException", "LOCK_TABLE_NAME is required"));

        var call = Assert.Single(_api.Posts);
        Assert.Equal("/2018-06-01/runtime/init/error", call.Path);
        Assert.Equal("Runtime.InitError", call.ErrorType);
        Assert.Equal("LOCK_TABLE_NAME is required", JsonDocument.Parse(call.Body).RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public void The_long_poll_has_no_request_timeout_and_one_kept_alive_connection_that_bypasses_proxies()
    {
        using var client = new RuntimeApiClient("127.0.0.1:9001");
        using var handler = RuntimeApiClient.CreateHandler();

        // No production member exposes it: the client's own HttpClient is read.
        var http = (HttpClient)typeof(RuntimeApiClient).GetField("_http", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(client)!;
        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
        Assert.Equal(1, handler.MaxConnectionsPerServer);
        Assert.Equal(Timeout.InfiniteTimeSpan, handler.PooledConnectionIdleTimeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, handler.PooledConnectionLifetime);
        Assert.False(handler.UseProxy);
    }

    [Theory]
    [InlineData("127.0.0.1:9001/extra")]
    [InlineData("host name:1")]
    public void A_malformed_endpoint_names_the_variable(string endpoint)
    {
        var error = Assert.Throws<ArgumentException>(() => new RuntimeApiClient(endpoint));

        Assert.StartsWith($"AWS_LAMBDA_RUNTIME_API=\"{endpoint}\" is invalid: expected host:port", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _client.Dispose();
}
