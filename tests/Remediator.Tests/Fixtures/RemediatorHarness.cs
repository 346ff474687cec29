using System.Text.Json;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Remediator.Tests.Fakes;
using static Remediator.Tests.Fakes.FakeEcsClient;

namespace Remediator.Tests.Fixtures;

/// <summary>
/// The function and its parts over an in-memory ECS (three tasks of prod/api, one UNHEALTHY), an
/// in-memory lock with a ten-minute cooldown and a fake clock at 2026-11-22T10:00Z, with the log
/// and metrics captured. Each call builds its part anew, as a new execution environment would; the
/// fakes are shared.
/// </summary>
internal sealed class RemediatorHarness
{
    public static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(10);

    public static readonly ServiceTarget Target = new("prod", "api");

    public RemediatorHarness()
    {
        Lock = new FakeLock(Clock, Cooldown);
        Ecs.Tasks.AddRange([Task("a", startedMinutesAgo: 300), Task("b", health: "UNHEALTHY", startedMinutesAgo: 10), Task("c", startedMinutesAgo: 100)]);
    }

    public FakeEcsClient Ecs { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    public FakeLock Lock { get; }

    public MemorySink Sink { get; } = new();

    public JsonLog Log => new(Sink, "Remediator", LogLevel.Debug);

    public EmfMetrics Metrics => new(Sink, "Test", "Remediator");

    public Handler Handler(RemediatorSettings? settings = null, ConsoleLinks? links = null)
        => new(settings ?? Settings.Create(), Ecs, Lock, Clock, Log, Metrics, links);

    public Task<Stream> HandleAsync(byte[] payload) => Handler().HandleAsync(new MemoryStream(payload), TestInvocation.Context(Clock));

    /// <summary>Through the handler; <paramref name="remaining"/> is the time left before Lambda's deadline (30 s by default).</summary>
    public async Task<JsonElement> InvokeAsync(string json, RemediatorSettings? settings = null, TimeSpan? remaining = null, ConsoleLinks? links = null,
        string requestId = "11111111-2222-3333-4444-555555555555", string? traceId = null)
    {
        var context = TestInvocation.Context(Clock, remaining, requestId, traceId: traceId);
        var output = await Handler(settings, links).HandleAsync(Events.Stream(json), context);
        return (await JsonDocument.ParseAsync(output)).RootElement.Clone();
    }

    /// <summary>The decision alone, with the deadline the handler would give it (Lambda's, <paramref name="remaining"/> from now, minus the margin).</summary>
    public async Task<RemediationResult> RunAsync(string json, RemediatorSettings? settings = null, TimeSpan? remaining = null)
    {
        settings ??= Settings.Create();
        var invocation = TestInvocation.Context(Clock, remaining);
        using var deadline = invocation.CancelBeforeDeadline(settings.DeadlineMargin, Clock);
        var metrics = Metrics;
        try
        {
            return await new Remediation(settings, Ecs, Lock, Clock, Log, metrics).RunAsync(Events.Parse(json), invocation.Deadline, deadline.Token);
        }
        finally
        {
            metrics.Flush();
        }
    }

    /// <summary>What follows a won lock: takes the lock on prod/api for an alarm, then acts with it.</summary>
    public async Task<RemediationResult> StopAsync(RemediatorSettings? settings = null, TimeSpan? remaining = null, string alarmName = "api-errors")
    {
        settings ??= Settings.Create();
        var alarm = Events.Parse(Events.EventBridge(alarmName));
        var invocation = TestInvocation.Context(Clock, remaining);
        using var deadline = invocation.CancelBeforeDeadline(settings.DeadlineMargin, Clock);
        var lease = await AcquireAsync(alarm, settings.DryRun, invocation.Deadline);
        var metrics = Metrics;
        try
        {
            return await new StopUnderLock(settings, Ecs, Lock, Clock, Log, metrics).RunAsync(alarm, Target, lease, invocation.Deadline, deadline.Token);
        }
        finally
        {
            metrics.Flush();
        }
    }

    /// <summary>A lease on prod/api, as a won acquire gives it.</summary>
    public async Task<LockLease> AcquireAsync(AlarmEvent? alarm = null, bool dryRun = false, DateTimeOffset? invocationDeadline = null)
        => (await Lock.TryAcquireAsync(Target, alarm ?? Events.Parse(Events.EventBridge("api-errors")), dryRun, invocationDeadline ?? Clock.GetUtcNow().AddSeconds(30), default)).Lease
            ?? throw new InvalidOperationException("the lock on prod/api is held");

    /// <summary>The lines logged at <paramref name="level"/> with <paramref name="message"/>.</summary>
    public IReadOnlyList<JsonElement> Lines(string level, string message)
        => [.. Sink.Json().Where(l => l.TryGetProperty("level", out var lv) && lv.GetString() == level && l.GetProperty("message").GetString() == message)];
}
