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
    /// <summary>Failed keys named in the exception message; the rest are counted (the log has them all).</summary>
    internal const int KeysInMessage = 3;

    private readonly ShipperSettings _settings;
    private readonly Shipper _shipper;
    private readonly ILog _log;
    private readonly IMetrics _metrics;
    private readonly TimeProvider _time;

    /// <summary>Production wiring, once per execution environment: bad configuration fails init naming the variable.</summary>
    public Handler()
    {
        var env = new EnvironmentReader();
        var settings = ShipperSettings.Load(env);
        var (log, metrics) = FunctionTelemetry.FromEnvironment(env, "LogShipper");
        (_settings, _log, _metrics, _time) = (settings, log, metrics, TimeProvider.System);
        _shipper = new Shipper(settings, new S3ObjectStore(S3ClientFactory.Create(settings, env)), log, _metrics, _time);
        log.Info("initialised", ("enabled", settings.Enabled), ("sourceBucket", settings.SourceBucket), ("sourcePrefix", settings.SourcePrefix),
            ("destinationBucket", settings.DestinationBucket), ("destinationPrefix", settings.DestinationPrefix), ("sse", settings.KmsKeyArn is null ? "destination bucket default" : "aws:kms"),
            ("invocationTimeoutSeconds", settings.InvocationTimeout.TotalSeconds), ("s3AttemptTimeoutSeconds", settings.S3RequestTimeout.TotalSeconds));
    }

    internal Handler(ShipperSettings settings, IObjectStore store, ILog log, IMetrics metrics, TimeProvider? time = null)
    {
        (_settings, _log, _metrics, _time) = (settings, log, metrics, time ?? TimeProvider.System);
        _shipper = new Shipper(settings, store, log, metrics, _time);
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Counted from here: a Stream handler gets no context object, so no remaining time from the runtime.
        using var deadline = new CancellationTokenSource(_settings.WorkBudget, _time);
        try
        {
            var invocation = await ParseAsync(input);
            if (invocation.Batch is { } job)
            {
                // Batch Operations reads per-task result codes; a thrown error would fail every task alike.
                var answer = await _shipper.ShipBatchAsync(invocation, job, deadline.Token);
                return await HandlerOutput.JsonAsync(answer, LogShipperJsonContext.Relaxed.BatchResponse);
            }

            var response = await _shipper.ShipAsync(invocation, deadline.Token);

            // Direct and EventBridge invokes: failing the invocation is what makes Lambda retry and,
            // after the last retry, hand the event to the on-failure destination.
            if (invocation.Shape != TriggerShape.Sqs && response.Failed.Count > 0)
            {
                throw new ShippingFailedException(FailureSummary(response));
            }

            return await HandlerOutput.JsonAsync(response, LogShipperJsonContext.Relaxed.ShipmentResponse);
        }
        finally
        {
            _metrics.Flush();
        }
    }

    private async Task<ParsedInvocation> ParseAsync(Stream input)
    {
        try
        {
            using var document = JsonInput.Parse(await HandlerInput.ReadAllAsync(input), "event");
            return EventParser.Parse(document.RootElement);
        }
        catch (InvalidInputException e)
        {
            // Bad input is the caller's bug, not S3's: its own metric, so ObjectsFailed stays about copies.
            _metrics.Add("InvalidEvents", 1, MetricUnit.Count);
            _log.Error("event invalid", e, ("category", "InvalidEvent"));
            throw;
        }
    }

    /// <summary>
    /// The runtime writes this message to CloudWatch as errorMessage, outside our log masking: a
    /// bounded number of keys, each masked and capped like bad-input values, plus counts per category.
    /// </summary>
    internal static string FailureSummary(ShipmentResponse response)
    {
        var total = response.Shipped.Count + response.Skipped.Count + response.Failed.Count;
        var categories = response.Failed.GroupBy(f => Category(f.Error)).Select(g => $"{g.Key} x{g.Count()}");
        var keys = response.Failed.Take(KeysInMessage).Select(f => $"{InvalidInputException.Quote(f.SourceKey)} ({Category(f.Error)})");
        var more = response.Failed.Count > KeysInMessage ? $" and {response.Failed.Count - KeysInMessage} more" : string.Empty;
        return $"{response.Failed.Count} of {total} objects failed ({string.Join(", ", categories)}): {string.Join("; ", keys)}{more}; details in the \"object failed\" log lines";
    }

    private static string Category(string error) => error.Split(':', 2)[0];
}

/// <summary>At least one object could not be shipped (details in the log lines and the message).</summary>
public sealed class ShippingFailedException : Exception
{
    public ShippingFailedException() { }

    public ShippingFailedException(string message) : base(message) { }

    public ShippingFailedException(string message, Exception innerException) : base(message, innerException) { }
}
