using System.Text.Json;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator;
using LambdaSuite.TestSupport;
using Remediator.Tests.Fakes;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests;

/// <summary>
/// The handler behind the real runtime loop, against an in-memory Runtime API: answers and errors
/// go to their endpoints, and the request id and trace come from the invocation (the runtime's
/// Lambda-Runtime-Trace-Id header, not the environment), on every log and metric line and in the response.
/// </summary>
public sealed partial class HandlerTests : IDisposable
{
    private const string TraceA = "Root=1-674054a8-0b1c2d3e4f5a6b7c8d9e0f1a;Parent=53995c3f42cd8ad8;Sampled=1";
    private const string TraceB = "Root=1-674054b0-1b2c3d4e5f6a7b8c9d0e1f2a;Parent=63995c3f42cd8ad9;Sampled=0";

    private readonly FakeRuntimeApi _api = new();

    public void Dispose() => _api.Dispose();

    private Task<int> RunLoopAsync()
    {
        var log = new JsonLog(_h.Sink, "Remediator", LogLevel.Debug);
        return _api.RunAsync(() => new Handler(Settings.Create(), _h.Ecs, new FakeLock(_h.Clock, RemediatorHarness.Cooldown), _h.Clock, log, new EmfMetrics(_h.Sink, "Test", "Remediator")), log);
    }

    [Fact]
    public async Task An_alarm_is_answered_on_the_response_endpoint_and_a_bad_event_on_the_error_endpoint_each_line_naming_its_invocation()
    {
        _api.Enqueue(Events.EventBridge("api-errors"), "req-1", _h.Clock.GetUtcNow().AddSeconds(30));
        _api.Enqueue("{\"detail-type\": \"CloudWatch Alarm State Change\", \"id\": \"1\", \"detail\": {}}", "req-2", _h.Clock.GetUtcNow().AddSeconds(30));

        var exit = await RunLoopAsync();

        Assert.Equal(0, exit);
        Assert.Equal(["/2018-06-01/runtime/invocation/req-1/response", "/2018-06-01/runtime/invocation/req-2/error"], _api.Posts.Select(p => p.Path));
        Assert.Equal("stopped", JsonDocument.Parse(_api.Posts[0].Body).RootElement.GetProperty("action").GetString());
        Assert.Equal("Function.InvalidInputException", _api.Posts[1].ErrorType);
        Assert.Single(_h.Ecs.Stops);
        var lines = _h.Sink.Json().Where(l => !l.TryGetProperty("_aws", out _)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal(l.GetProperty("requestId").GetString() == "req-1", l.GetProperty("coldStart").GetBoolean()));
        Assert.Contains(lines, l => l.GetProperty("requestId").GetString() == "req-2");
    }

    [Fact]
    public async Task Every_line_and_the_response_carry_the_trace_of_their_own_invocation()
    {
        _api.Enqueue(Events.EventBridge("api-errors"), "req-1", _h.Clock.GetUtcNow().AddSeconds(30), TraceA);
        _api.Enqueue(Events.EventBridge("api-errors"), "req-2", _h.Clock.GetUtcNow().AddSeconds(30), TraceB);

        var exit = await RunLoopAsync();

        Assert.Equal(0, exit);
        var lines = _h.Sink.Json().Where(l => l.TryGetProperty("requestId", out _)).ToList();
        Assert.Contains(lines, l => l.TryGetProperty("_aws", out _));
        Assert.All(lines, l => Assert.Equal(l.GetProperty("requestId").GetString() == "req-1" ? "1-674054a8-0b1c2d3e4f5a6b7c8d9e0f1a" : "1-674054b0-1b2c3d4e5f6a7b8c9d0e1f2a", l.GetProperty("xray_trace_id").GetString()));
        Assert.Equal(2, lines.Select(l => l.GetProperty("requestId").GetString()).Distinct().Count());
        var responses = _api.Posts.Select(p => JsonDocument.Parse(p.Body).RootElement).ToList();
        Assert.Equal(["1-674054a8-0b1c2d3e4f5a6b7c8d9e0f1a", "1-674054b0-1b2c3d4e5f6a7b8c9d0e1f2a"], responses.Select(r => r.GetProperty("traceId").GetString()));
        Assert.Equal(["stopped", "skipped"], responses.Select(r => r.GetProperty("action").GetString()));
    }
}
