using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Events;

namespace LambdaSuite.LogShipper;

/// <summary>
/// Lambda entry point (managed dotnet10 runtime, Stream in and out). Ships each new access-log
/// object server-side into the customer's bucket. Thin: parse, ship, answer.
/// </summary>
public sealed class Handler
{
    private readonly Shipper _shipper;
    private readonly IMetrics _metrics;

    /// <summary>Production wiring, once per execution environment: bad configuration fails init naming the variable.</summary>
    public Handler()
    {
        var env = new EnvironmentReader();
        var settings = ShipperSettings.Load(env);
        var (log, metrics) = FunctionTelemetry.FromEnvironment(env, "LogShipper");
        _metrics = metrics;
        _shipper = new Shipper(settings, new S3ObjectStore(S3ClientFactory.Create(env)), log, _metrics, TimeProvider.System);
        log.Info("initialised", ("enabled", settings.Enabled), ("sourceBucket", settings.SourceBucket), ("sourcePrefix", settings.SourcePrefix),
            ("destinationBucket", settings.DestinationBucket), ("destinationPrefix", settings.DestinationPrefix), ("sse", settings.KmsKeyArn is null ? "AES256" : "aws:kms"));
    }

    internal Handler(ShipperSettings settings, IObjectStore store, ILog log, IMetrics metrics, TimeProvider? time = null)
    {
        _metrics = metrics;
        _shipper = new Shipper(settings, store, log, metrics, time ?? TimeProvider.System);
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ParsedInvocation invocation;
        try
        {
            using var document = await JsonDocument.ParseAsync(input);
            invocation = EventParser.Parse(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new InvalidEventException($"event is invalid: not JSON ({e.Message})", e);
        }

        ShipmentResponse response;
        try
        {
            response = await _shipper.ShipAsync(invocation, CancellationToken.None);
        }
        finally
        {
            _metrics.Flush();
        }

        // Direct and EventBridge invokes: failing the invocation is what makes Lambda retry and,
        // after the last retry, hand the event to the on-failure destination.
        if (invocation.Shape != TriggerShape.Sqs && response.Failed.Count > 0)
        {
            throw new ShippingFailedException(
                $"{response.Failed.Count} of {response.Shipped.Count + response.Skipped.Count + response.Failed.Count} objects failed: "
                + string.Join("; ", response.Failed.Select(f => $"{f.SourceKey} ({f.Error})")));
        }

        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, response, LogShipperJsonContext.Relaxed.ShipmentResponse);
        output.Position = 0;
        return output;
    }
}

/// <summary>At least one object could not be shipped (details in the log lines and the message).</summary>
public sealed class ShippingFailedException : Exception
{
    public ShippingFailedException() { }

    public ShippingFailedException(string message) : base(message) { }

    public ShippingFailedException(string message, Exception innerException) : base(message, innerException) { }
}
