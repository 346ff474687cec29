using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSuite.Common;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.LogShipper;
using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Events;
using LambdaSuite.LogShipper.Shipping;
using LambdaSuite.TestSupport;
using LogShipper.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace LogShipper.Tests.Fixtures;

/// <summary>
/// The function's parts over one fake S3, one log and metrics sink and one fake clock: the
/// handler, the shipper and the copiers, so each is tested on its own with the same doubles.
/// </summary>
internal sealed class Harness
{
    public Harness(LogShipperSettings? settings = null)
    {
        Settings = settings ?? Samples.Settings();
        Log = new JsonLog(Sink, "LogShipper", LogLevel.Debug);
        Metrics = new EmfMetrics(Sink, "LambdaSuite", "LogShipper");
    }

    public LogShipperSettings Settings { get; }

    public FakeObjectStore Store { get; } = new();

    public MemorySink Sink { get; } = new();

    public JsonLog Log { get; }

    public EmfMetrics Metrics { get; }

    /// <summary>Stands still unless a test advances it: deadlines fire when the test says so.</summary>
    public FakeTimeProvider Time { get; } = new(Samples.Now);

    /// <summary>Time left before Lambda's deadline when an invocation starts.</summary>
    public TimeSpan Remaining { get; init; } = TimeSpan.FromSeconds(600);

    public Handler Handler => new(Settings, Store, Log, Metrics, Time);

    public Shipper Shipper => new(Settings, Store, Log, Metrics, Time);

    public ObjectCopier Copier => new(Store, Settings, Log, Time);

    public MultipartCopier Multipart => new(Store, Settings, Log, Time);

    public Task<Stream> HandleAsync(Stream input) => Handler.HandleAsync(input, TestInvocation.Context(Time, Remaining));

    public async Task<JsonElement> InvokeAsync(JsonNode payload) => await Samples.ReadAsync(await HandleAsync(Samples.AsStream(payload)));

    /// <summary>Makes every hanging request move the clock to Lambda's deadline (<see cref="Remaining"/> from the start).</summary>
    public void HangUntilTheDeadline(Func<object, bool> hangs)
    {
        Store.Hangs = hangs;
        Store.OnHang = (_, _) => Time.SetUtcNow(Samples.Now + Remaining);
    }

    /// <summary>
    /// The payload through the parser and the <see cref="Shipper"/> alone (no handler), answered as
    /// the function's JSON; the metrics are flushed to <see cref="Sink"/>.
    /// </summary>
    public async Task<JsonElement> ShipAsync(JsonNode payload, CancellationToken deadline = default) => await ShipAsync(Encoding.UTF8.GetBytes(payload.ToJsonString()), deadline);

    public async Task<JsonElement> ShipAsync(byte[] payload, CancellationToken deadline = default)
    {
        using var document = JsonInput.Parse(payload, "event");
        var invocation = EventParser.Parse(document.RootElement);
        var answer = invocation.Batch is { } job
            ? JsonSerializer.Serialize(await Shipper.ShipBatchAsync(invocation, job, deadline), LogShipperJsonContext.Relaxed.BatchResponse)
            : JsonSerializer.Serialize(await Shipper.ShipAsync(invocation, deadline), LogShipperJsonContext.Relaxed.ShipmentResponse);
        Metrics.Flush();
        using var result = JsonDocument.Parse(answer);
        return result.RootElement.Clone();
    }
}
