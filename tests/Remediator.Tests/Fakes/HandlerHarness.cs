using System.Text.Json;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator;
using LambdaSuite.TestSupport;
using static Remediator.Tests.Fakes.FakeEcsClient;

namespace Remediator.Tests.Fakes;

/// <summary>The handler over an in-memory ECS (three tasks of prod/api, one UNHEALTHY), lock and clock, with its log and metrics captured.</summary>
internal sealed class HandlerHarness
{
    public HandlerHarness()
    {
        Lock = new FakeLock(Clock, TimeSpan.FromMinutes(10));
        Ecs.Tasks.AddRange([Task("a", startedMinutesAgo: 300), Task("b", health: "UNHEALTHY", startedMinutesAgo: 10), Task("c", startedMinutesAgo: 100)]);
    }

    public FakeEcsClient Ecs { get; } = new();

    public ManualClock Clock { get; } = new();

    public FakeLock Lock { get; }

    public MemorySink Sink { get; } = new();

    /// <summary>A new handler per call, as a new execution environment would build it; the fakes are shared.</summary>
    public Handler Handler(RemediatorSettings? settings = null)
        => new(settings ?? Settings.Create(), Ecs, Lock, Clock, new JsonLog(Sink, "Remediator", LogLevel.Debug), new EmfMetrics(Sink, "Test", "Remediator"));

    public Task<Stream> HandleAsync(byte[] payload) => Handler().HandleAsync(new MemoryStream(payload), TestInvocation.Context(Clock));

    public async Task<JsonElement> InvokeAsync(string json)
    {
        var output = await Handler().HandleAsync(Events.Stream(json), TestInvocation.Context(Clock));
        return (await JsonDocument.ParseAsync(output)).RootElement.Clone();
    }
}
