using LambdaSuite.Common;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Invocation;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Common.Runtime;
using LambdaSuite.LogShipper.Aws;
using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Events;
using LambdaSuite.LogShipper.Preflight;
using LambdaSuite.LogShipper.Shipping;

namespace LambdaSuite.LogShipper;

/// <summary>
/// Lambda entry point. Ships each new access-log object server-side into the customer's bucket, or
/// answers the preflight checklist. Thin: read the event, ship (or check), answer.
/// </summary>
public sealed class Handler : IInvocationHandler
{
    internal const string FunctionName = "LogShipper";

    private readonly LogShipperSettings _settings;
    private readonly Func<TimeSpan, Workers> _createWorkers;
    private readonly ILog _log;
    private readonly IMetrics _metrics;
    private readonly TimeProvider _time;
    private Workers? _workers;

    /// <summary>Production wiring, once per execution environment: bad configuration fails init naming the variable.</summary>
    public Handler() : this(new EnvironmentReader()) { }

    /// <summary>Production wiring from the given environment.</summary>
    internal Handler(EnvironmentReader env)
    {
        var settings = LogShipperSettings.FromEnvironment(env);
        var (log, metrics) = FunctionTelemetry.FromEnvironment(env, FunctionName);
        (_settings, _log, _metrics, _time) = (settings, log, metrics, TimeProvider.System);
        // The S3 client's timeouts depend on the function's Timeout, which the first invocation's deadline reveals.
        _createWorkers = timeout =>
        {
            var sized = settings.SizedFor(timeout);
            log.Info("S3 client sized to the function's Timeout", ("timeoutSeconds", Math.Round(timeout.TotalSeconds)), ("s3AttemptTimeoutSeconds", sized.S3RequestTimeout!.Value.TotalSeconds),
                ("s3MaxErrorRetry", sized.S3MaxErrorRetry));
            return Workers.Over(sized, S3ObjectStore.Create(sized, env), log, metrics, _time);
        };
        log.Info("initialised", ("enabled", settings.Enabled), ("sourceBucket", settings.SourceBucket), ("sourcePrefix", settings.SourcePrefix),
            ("destinationBucket", settings.DestinationBucket), ("destinationPrefix", settings.DestinationPrefix), ("sse", settings.KmsKeyArn is null ? "destination bucket default" : "aws:kms"));
    }

    /// <summary>Test wiring: the store, log, metrics and clock given.</summary>
    internal Handler(LogShipperSettings settings, IObjectStore store, ILog log, IMetrics metrics, TimeProvider time)
    {
        (_settings, _log, _metrics, _time) = (settings, log, metrics, time);
        _createWorkers = _ => Workers.Over(settings, store, log, metrics, time);
    }

    /// <summary>Copying stops <see cref="LogShipperSettings.DeadlineMargin"/> before Lambda's deadline; unstarted objects fail for a retry.</summary>
    public async Task<Stream> HandleAsync(Stream input, InvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        using var deadline = context.CancelBeforeDeadline(_settings.DeadlineMargin, _time);
        try
        {
            _workers ??= _createWorkers(context.RemainingTime(_time));
            var invocation = await ParseAsync(input);
            if (invocation.Shape == TriggerShape.Preflight)
            {
                // Answered, never thrown: a scheduled preflight's findings must not land in the on-failure queue.
                var checklist = await _workers.Preflight.RunAsync(deadline.Token);
                return await HandlerOutput.JsonAsync(checklist, LogShipperJsonContext.Relaxed.PreflightAnswer);
            }

            if (invocation.Batch is { } job)
            {
                // Batch Operations reads per-task result codes; a thrown error would fail every task alike.
                var answer = await _workers.Shipper.ShipBatchAsync(invocation, job, deadline.Token);
                return await HandlerOutput.JsonAsync(answer, LogShipperJsonContext.Relaxed.BatchResponse);
            }

            var response = await _workers.Shipper.ShipAsync(invocation, deadline.Token);

            // Direct and EventBridge invokes: failing the invocation is what makes Lambda retry and,
            // after the last retry, hand the event to the on-failure destination.
            if (invocation.Shape != TriggerShape.Sqs && response.Failed.Count > 0)
            {
                throw ShippingFailedException.For(response);
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

    /// <summary>Shipping and the preflight over one S3 store: the preflight proves exactly the shipper's copies.</summary>
    private sealed record Workers(Shipper Shipper, PreflightRunner Preflight)
    {
        public static Workers Over(LogShipperSettings settings, IObjectStore store, ILog log, IMetrics metrics, TimeProvider time)
            => new(new Shipper(settings, store, log, metrics, time), new PreflightRunner(settings, store, log, metrics, time));
    }
}
