using System.Net;
using System.Text;
using System.Text.Json;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Invocation;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Runtime;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Common.Tests.Runtime;

public sealed class LambdaRuntimeTests : IDisposable
{
    private const string TraceA = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";
    private const string TraceB = "Root=1-6a000000-000000000000000000000001;Sampled=0";
    private static readonly DateTimeOffset Deadline = DateTimeOffset.UtcNow.AddMinutes(5);

    private readonly FakeRuntimeApi _api = new();
    private readonly MemorySink _sink = new();

    [Fact]
    public async Task Each_invocation_gets_its_context_and_every_line_names_it_with_cold_start_only_on_the_first()
    {
        _api.Enqueue("one", "req-1", Deadline, TraceA);
        _api.Enqueue("two", "req-2", Deadline.AddSeconds(1), TraceB);
        _api.Enqueue("three", "req-3", Deadline.AddSeconds(2));
        var handler = new RecordingHandler(_sink) { Api = _api };

        var exit = await RunAsync(() => handler);

        Assert.Equal(0, exit);
        Assert.Equal(["req-1", "req-2", "req-3"], handler.Contexts.Select(c => c.RequestId));
        Assert.Equal([true, false, false], handler.Contexts.Select(c => c.ColdStart));
        Assert.Equal(Deadline.ToUnixTimeMilliseconds(), handler.Contexts[0].Deadline.ToUnixTimeMilliseconds());
        Assert.Equal(TestInvocation.FunctionArn, handler.Contexts[0].InvokedFunctionArn);
        Assert.Equal([TraceA, TraceB, null], handler.Contexts.Select(c => c.TraceId));
        Assert.Equal([TraceA, TraceB, null], handler.TraceVariableSeen);

        var lines = _sink.Json();
        Assert.Equal(3, lines.Count);
        Assert.Equal(["req-1", "req-2", "req-3"], lines.Select(l => l.GetProperty("requestId").GetString()));
        Assert.Equal([true, false, false], lines.Select(l => l.GetProperty("coldStart").GetBoolean()));
        Assert.Equal("1-5bef4de7-ad49b0e87f6ef6c87fc2e700", lines[0].GetProperty("xray_trace_id").GetString());
        Assert.Equal("1-6a000000-000000000000000000000001", lines[1].GetProperty("xray_trace_id").GetString());
        Assert.False(lines[2].TryGetProperty("xray_trace_id", out _));
        Assert.Equal(["one", "two", "three"], _api.Posts.Select(p => p.BodyText));
        Assert.Equal("/2018-06-01/runtime/invocation/req-3/response", _api.Posts[2].Path);
    }

    [Fact]
    public async Task A_handler_exception_is_posted_as_the_invocations_error_masked_and_the_loop_goes_on()
    {
        _api.Enqueue("throw", "req-1", Deadline);
        _api.Enqueue("ok", "req-2", Deadline);

        var exit = await RunAsync(() => new RecordingHandler(_sink, fail: p => p == "throw" ? new InvalidOperationException("no profile for jane.doe@example.com\nsecond line") : null));

        Assert.Equal(0, exit);
        var (error, response) = (_api.Posts[0], _api.Posts[1]);
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/error", error.Path);
        Assert.Equal("Function.InvalidOperationException", error.ErrorType);
        var body = JsonDocument.Parse(error.Body).RootElement;
        Assert.Equal("InvalidOperationException", body.GetProperty("errorType").GetString());
        Assert.Equal("no profile for j***@example.com\nsecond line", body.GetProperty("errorMessage").GetString());
        Assert.Contains(body.GetProperty("stackTrace").EnumerateArray(), f => f.GetString()!.Contains(nameof(RecordingHandler), StringComparison.Ordinal));
        Assert.Equal(("/2018-06-01/runtime/invocation/req-2/response", "ok"), (response.Path, response.BodyText));
        var failed = Assert.Single(_sink.Json(), l => l.GetProperty("message").GetString() == "invocation failed");
        Assert.Equal("req-1", failed.GetProperty("requestId").GetString());
        Assert.DoesNotContain("jane.doe", _sink.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_over_the_limit_is_an_invocation_error_not_a_crash()
    {
        _api.Enqueue("0123456789-too-long", "req-1", Deadline);
        _api.Enqueue("short", "req-2", Deadline);

        var exit = await RunAsync(() => new RecordingHandler(_sink), maxResponseBytes: 10);

        Assert.Equal(0, exit);
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/error", _api.Posts[0].Path);
        Assert.Equal("Function.ResponseSizeTooLarge", _api.Posts[0].ErrorType);
        Assert.Contains("larger than the 10 bytes", _api.Posts[0].BodyText, StringComparison.Ordinal);
        Assert.Equal("short", _api.Posts[1].BodyText);
    }

    [Fact]
    public async Task A_response_the_runtime_api_refuses_as_too_large_is_reported_as_an_error()
    {
        _api.Enqueue("big", "req-1", Deadline);
        _api.PostStatus = path => path.EndsWith("/response", StringComparison.Ordinal) ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.Accepted;

        var exit = await RunAsync(() => new RecordingHandler(_sink));

        Assert.Equal(0, exit);
        Assert.Equal(["/2018-06-01/runtime/invocation/req-1/response", "/2018-06-01/runtime/invocation/req-1/error"], _api.Posts.Select(p => p.Path));
        Assert.Equal("Function.ResponseSizeTooLarge", _api.Posts[1].ErrorType);
    }

    [Fact]
    public async Task A_missing_deadline_is_refused_without_running_the_handler()
    {
        _api.Enqueue("x"u8.ToArray(), "req-1", Deadline, deadlineHeader: "soon");
        var handler = new RecordingHandler(_sink);

        await RunAsync(() => handler);

        Assert.Empty(handler.Contexts);
        var post = Assert.Single(_api.Posts);
        Assert.Equal(("/2018-06-01/runtime/invocation/req-1/error", "Runtime.InvalidInvocation"), (post.Path, post.ErrorType));
        Assert.Contains("Lambda-Runtime-Deadline-Ms=\\u0022soon\\u0022 is invalid", post.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_init_failure_is_posted_to_init_error_and_ends_the_process_before_any_event_is_taken()
    {
        _api.Enqueue("x", "req-1", Deadline);

        var exit = await RunAsync(() => throw new ConfigurationException("LOCK_TABLE_NAME is required: expected a DynamoDB table name"));

        Assert.Equal(LambdaRuntime.InitFailedExitCode, exit);
        var call = Assert.Single(_api.Calls);
        Assert.Equal(("POST", "/2018-06-01/runtime/init/error", "Runtime.InitError"), (call.Method, call.Path, call.ErrorType));
        var body = JsonDocument.Parse(call.Body).RootElement;
        Assert.Equal("ConfigurationException", body.GetProperty("errorType").GetString());
        Assert.Equal("LOCK_TABLE_NAME is required: expected a DynamoDB table name", body.GetProperty("errorMessage").GetString());
        Assert.Equal("init failed", Assert.Single(_sink.Json()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_broken_environment_ends_the_process_with_the_runtime_api_exit_code()
    {
        _api.Enqueue("x", "req-1", Deadline);
        _api.EnqueueStatus(HttpStatusCode.InternalServerError);

        var exit = await RunAsync(() => new RecordingHandler(_sink));

        Assert.Equal(LambdaRuntime.RuntimeApiFailedExitCode, exit);
        Assert.Equal(3, _api.Calls.Count);
        Assert.Contains(_sink.Json(), l => l.GetProperty("message").GetString()!.StartsWith("Runtime API failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_500_to_a_posted_response_ends_the_process_and_a_400_does_not()
    {
        _api.Enqueue("first", "req-1", Deadline);
        _api.Enqueue("second", "req-2", Deadline);
        _api.PostStatus = path => path.Contains("req-1", StringComparison.Ordinal) ? HttpStatusCode.BadRequest : HttpStatusCode.InternalServerError;

        var exit = await RunAsync(() => new RecordingHandler(_sink));

        Assert.Equal(LambdaRuntime.RuntimeApiFailedExitCode, exit);
        Assert.Equal(2, _api.Posts.Count);
        Assert.Contains(_sink.Json(), l => l.GetProperty("message").GetString() == "the Runtime API refused the invocation response" && l.GetProperty("status").GetInt32() == 400);
    }

    public void Dispose() => _api.Dispose();

    private Task<int> RunAsync(Func<IInvocationHandler> init, int maxResponseBytes = LambdaRuntime.MaxResponseBytes)
        => _api.RunAsync(init, new JsonLog(_sink, "Test"), maxResponseBytes);

    /// <summary>Echoes the payload, logs one line, and records what it saw of each invocation.</summary>
    private sealed class RecordingHandler(MemorySink sink, Func<string, Exception?>? fail = null) : IInvocationHandler
    {
        private readonly JsonLog _log = new(sink, "Test");

        public List<InvocationContext> Contexts { get; } = [];

        public List<string?> TraceVariableSeen { get; } = [];

        public FakeRuntimeApi? Api { get; init; }

        public async Task<Stream> HandleAsync(Stream input, InvocationContext context)
        {
            Contexts.Add(context);
            TraceVariableSeen.Add(Api?.Environment.GetValueOrDefault(LambdaRuntime.TraceVariable));
            var payload = Encoding.UTF8.GetString(await HandlerInput.ReadAllAsync(input));
            if (fail?.Invoke(payload) is { } e)
            {
                throw e;
            }

            // On a thread-pool continuation, as AWS SDK callbacks run: the scope must follow.
            await Task.Yield();
            _log.Info("handled", ("payload", payload));
            return new MemoryStream(Encoding.UTF8.GetBytes(payload));
        }
    }
}
