using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Common.Runtime;
using LambdaSuite.LogShipper.Aws;
using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Events;

namespace LambdaSuite.LogShipper;

/// <summary>
/// Lambda entry point. Ships each new access-log object server-side into the customer's bucket.
/// Thin: parse, ship, answer.
/// </summary>
public sealed class Handler : IInvocationHandler
{
    internal const string FunctionName = "LogShipper";

    /// <summary>Failed keys named in the exception message; the rest are counted (the log has them all).</summary>
    internal const int KeysInMessage = 3;

    private readonly ShipperSettings _settings;
    private readonly Func<TimeSpan, Shipper> _createShipper;
    private readonly ILog _log;
    private readonly IMetrics _metrics;
    private readonly TimeProvider _time;
    private Shipper? _shipper;

    /// <summary>Production wiring, once per execution environment: bad configuration fails init naming the variable.</summary>
    public Handler() : this(new EnvironmentReader()) { }

    /// <summary>Production wiring from the given environment.</summary>
    internal Handler(EnvironmentReader env)
    {
        var settings = ShipperSettings.Load(env);
        var (log, metrics) = FunctionTelemetry.FromEnvironment(env, FunctionName);
        (_settings, _log, _metrics, _time) = (settings, log, metrics, TimeProvider.System);
        // The S3 client's timeouts depend on the function's Timeout, which the first invocation's deadline reveals.
        _createShipper = timeout =>
        {
            var sized = settings.SizedFor(timeout);
            log.Info("S3 client sized to the function's Timeout", ("timeoutSeconds", Math.Round(timeout.TotalSeconds)), ("s3AttemptTimeoutSeconds", sized.S3RequestTimeout!.Value.TotalSeconds),
                ("s3MaxErrorRetry", sized.S3MaxErrorRetry));
            return new Shipper(sized, S3ObjectStore.Create(sized, env), log, metrics, _time);
        };
        log.Info("initialised", ("enabled", settings.Enabled), ("sourceBucket", settings.SourceBucket), ("sourcePrefix", settings.SourcePrefix),
            ("destinationBucket", settings.DestinationBucket), ("destinationPrefix", settings.DestinationPrefix), ("sse", settings.KmsKeyArn is null ? "destination bucket default" : "aws:kms"));
    }

    internal Handler(ShipperSettings settings, IObjectStore store, ILog log, IMetrics metrics, TimeProvider? time = null)
    {
        (_settings, _log, _metrics, _time) = (settings, log, metrics, time ?? TimeProvider.System);
        _createShipper = _ => new Shipper(settings, store, log, metrics, _time);
    }

    /// <summary>Copying stops <see cref="ShipperSettings.DeadlineMargin"/> before Lambda's deadline; unstarted objects fail for a retry.</summary>
    public async Task<Stream> HandleAsync(Stream input, InvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        using var deadline = context.CancelBeforeDeadline(_settings.DeadlineMargin, _time);
        try
        {
            _shipper ??= _createShipper(context.RemainingTime(_time));
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
            // Its own metric, so ObjectsFailed stays about copies.
            InvalidEvents.Report(_log, _metrics, e);
            throw;
        }
    }

    /// <summary>
    /// The runtime returns this message to the caller as errorMessage, outside our log masking: a
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
