using System.Text.Json;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator;
using LambdaSuite.TestSupport;
using Remediator.Tests.Fakes;
using Xunit;
using static Remediator.Tests.Fakes.FakeEcsClient;

namespace Remediator.Tests;

/// <summary>
/// The trace id comes from the runtime (the invocation's Lambda-Runtime-Trace-Id header), not from
/// the environment: every line of an invocation, log and metric alike, and its response name that
/// invocation's trace, and the next invocation's lines name the next one's.
/// </summary>
public sealed class TraceTests : IDisposable
{
    private const string TraceA = "Root=1-674054a8-0b1c2d3e4f5a6b7c8d9e0f1a;Parent=53995c3f42cd8ad8;Sampled=1";
    private const string TraceB = "Root=1-674054b0-1b2c3d4e5f6a7b8c9d0e1f2a;Parent=63995c3f42cd8ad9;Sampled=0";

    private readonly FakeRuntimeApi _api = new();
    private readonly MemorySink _sink = new();
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task Every_line_and_the_response_carry_the_trace_of_their_own_invocation()
    {
        var ecs = new FakeEcsClient();
        ecs.Tasks.AddRange([Task("a"), Task("b", health: "UNHEALTHY"), Task("c")]);
        _api.Enqueue(Events.EventBridge("api-errors"), "req-1", _clock.GetUtcNow().AddSeconds(30), TraceA);
        _api.Enqueue(Events.EventBridge("api-errors"), "req-2", _clock.GetUtcNow().AddSeconds(30), TraceB);
        var log = new JsonLog(_sink, "Remediator", LogLevel.Debug);

        var exit = await _api.RunAsync(() => new Handler(Settings.Create(), ecs, new FakeLock(_clock, TimeSpan.FromMinutes(10)), _clock, log,
            new EmfMetrics(_sink, "Test", "Remediator")), log);

        Assert.Equal(0, exit);
        var lines = _sink.Json().Where(l => l.TryGetProperty("requestId", out _)).ToList();
        Assert.Contains(lines, l => l.TryGetProperty("_aws", out _));
        Assert.All(lines, l => Assert.Equal(l.GetProperty("requestId").GetString() == "req-1" ? "1-674054a8-0b1c2d3e4f5a6b7c8d9e0f1a" : "1-674054b0-1b2c3d4e5f6a7b8c9d0e1f2a", l.GetProperty("xray_trace_id").GetString()));
        Assert.Equal(2, lines.Select(l => l.GetProperty("requestId").GetString()).Distinct().Count());
        var responses = _api.Posts.Select(p => JsonDocument.Parse(p.Body).RootElement).ToList();
        Assert.Equal(["1-674054a8-0b1c2d3e4f5a6b7c8d9e0f1a", "1-674054b0-1b2c3d4e5f6a7b8c9d0e1f2a"], responses.Select(r => r.GetProperty("traceId").GetString()));
        Assert.Equal(["stopped", "skipped"], responses.Select(r => r.GetProperty("action").GetString()));
    }

    public void Dispose() => _api.Dispose();
}
