using System.Text.Json;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator;
using LambdaSuite.TestSupport;
using Remediator.Tests.Fakes;
using Xunit;
using static Remediator.Tests.Fakes.FakeEcsClient;

namespace Remediator.Tests;

/// <summary>The function behind the real runtime loop, against an in-memory Runtime API.</summary>
public sealed class RuntimeTests : IDisposable
{
    private readonly FakeRuntimeApi _api = new();
    private readonly MemorySink _sink = new();
    private readonly ManualClock _clock = new();
    private readonly FakeEcsClient _ecs = new();

    [Fact]
    public async Task An_alarm_is_answered_on_the_response_endpoint_and_a_bad_event_on_the_error_endpoint_each_line_naming_its_invocation()
    {
        _ecs.Tasks.AddRange([Task("a", startedMinutesAgo: 300), Task("b", health: "UNHEALTHY", startedMinutesAgo: 10), Task("c", startedMinutesAgo: 100)]);
        _api.Enqueue(Events.EventBridge("api-errors"), "req-1", _clock.GetUtcNow().AddSeconds(30));
        _api.Enqueue("{\"detail-type\": \"CloudWatch Alarm State Change\", \"id\": \"1\", \"detail\": {}}", "req-2", _clock.GetUtcNow().AddSeconds(30));
        var log = new JsonLog(_sink, "Remediator", LogLevel.Debug);

        var exit = await _api.RunAsync(() => new Handler(Settings.Create(), _ecs, new FakeLock(_clock, TimeSpan.FromMinutes(10)), _clock, log, new EmfMetrics(_sink, "Test", "Remediator")), log);

        Assert.Equal(0, exit);
        Assert.Equal(["/2018-06-01/runtime/invocation/req-1/response", "/2018-06-01/runtime/invocation/req-2/error"], _api.Posts.Select(p => p.Path));
        Assert.Equal("stopped", JsonDocument.Parse(_api.Posts[0].Body).RootElement.GetProperty("action").GetString());
        Assert.Equal("Function.InvalidInputException", _api.Posts[1].ErrorType);
        Assert.Single(_ecs.Stops);
        var lines = _sink.Json().Where(l => !l.TryGetProperty("_aws", out _)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal(l.GetProperty("requestId").GetString() == "req-1", l.GetProperty("coldStart").GetBoolean()));
        Assert.Contains(lines, l => l.GetProperty("requestId").GetString() == "req-2");
    }

    public void Dispose() => _api.Dispose();
}
