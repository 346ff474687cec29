using Amazon.DynamoDBv2;
using LambdaSuite.Common;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Invocation;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Common.Runtime;
using LambdaSuite.Remediator.Alarms;
using LambdaSuite.Remediator.Aws;
using LambdaSuite.Remediator.Aws.Ecs;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;

namespace LambdaSuite.Remediator;

/// <summary>
/// Lambda entry point: a CloudWatch alarm in ALARM stops at most one task of the service it names,
/// at most once per cooldown, and at most FLEET_MAX_STOPS across the cluster per window. Reads the event (<see cref="AlarmEventParser"/>), decides and acts
/// (<see cref="Remediation"/>), answers with the report (<see cref="OutcomeReport"/>).
/// </summary>
public sealed class Handler : IInvocationHandler
{
    internal const string FunctionName = "Remediator";

    private readonly Remediation _remediation;
    private readonly TimeSpan _deadlineMargin;
    private readonly OutcomeReport _report;
    private readonly TimeProvider _time;
    private readonly ILog _log;
    private readonly IMetrics _metrics;

    /// <summary>Production wiring: configuration validated and clients created once per execution environment.</summary>
    public Handler()
        : this(new EnvironmentReader())
    {
    }

    /// <summary>Production wiring over <paramref name="env"/>; configuration is read before any client is built.</summary>
    internal Handler(EnvironmentReader env)
    {
        var settings = RemediatorSettings.FromEnvironment(env);
        _deadlineMargin = settings.DeadlineMargin;
        (_log, _metrics) = FunctionTelemetry.FromEnvironment(env, FunctionName);
        _time = TimeProvider.System;
        var locks = new DynamoDbRemediationLock(AwsClients.CreateDynamoDb(env), settings.LockTableName, settings.Cooldown, _time);
        _remediation = new Remediation(settings, AwsClients.CreateEcs(env, _time, _log), locks, _time, _log, _metrics);
        // Lambda sets both; the response's console links come from them.
        _report = new OutcomeReport(new ConsoleLinks(env.Get("AWS_REGION"), env.Get("AWS_LAMBDA_LOG_GROUP_NAME")));
        _log.Info("Remediator initialised", ("cluster", settings.ClusterName), ("allowedServices", settings.AllowedServices.Count), ("dryRun", settings.DryRun),
            ("cooldownSeconds", settings.Cooldown.TotalSeconds), ("minRunningTasks", settings.MinRunningTasks),
            ("deadlineMarginSeconds", settings.DeadlineMargin.TotalSeconds), ("maxEventAgeSeconds", settings.MaxEventAge.TotalSeconds),
            ("fleetMaxStops", settings.FleetMaxStops), ("fleetWindowSeconds", settings.FleetWindow.TotalSeconds));
    }

    /// <summary>Test and benchmark wiring.</summary>
    internal Handler(RemediatorSettings settings, IEcsClient ecs, IRemediationLock locks, TimeProvider time, ILog log, IMetrics metrics, ConsoleLinks? links = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _deadlineMargin = settings.DeadlineMargin;
        _time = time;
        _log = log;
        _metrics = metrics;
        _remediation = new Remediation(settings, ecs, locks, time, log, metrics);
        _report = new OutcomeReport(links ?? ConsoleLinks.None);
    }

    /// <summary>Test wiring with the real DynamoDB lock.</summary>
    internal Handler(RemediatorSettings settings, IEcsClient ecs, IAmazonDynamoDB dynamo, TimeProvider time, ILog log, IMetrics metrics, ConsoleLinks? links = null)
        : this(settings, ecs, new DynamoDbRemediationLock(dynamo, settings.LockTableName, settings.Cooldown, time), time, log, metrics, links)
    {
    }

    /// <summary>No new AWS work starts after Lambda's deadline minus <see cref="RemediatorSettings.DeadlineMargin"/>.</summary>
    public async Task<Stream> HandleAsync(Stream input, InvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var started = _time.GetUtcNow();
        using var deadline = context.CancelBeforeDeadline(_deadlineMargin, _time);
        try
        {
            var alarm = await ReadAsync(input).ConfigureAwait(false);
            var result = await _remediation.RunAsync(alarm, context.Deadline, deadline.Token).ConfigureAwait(false);
            var report = _report.Complete(result, alarm, context.RequestId, context.Trace, started, _time.GetUtcNow());
            return await HandlerOutput.JsonAsync(report, RemediatorJsonContext.Default.RemediationResult).ConfigureAwait(false);
        }
        finally
        {
            _metrics.Flush();
        }
    }

    private async Task<AlarmEvent> ReadAsync(Stream input)
    {
        try
        {
            return AlarmEventParser.Parse(await HandlerInput.ReadAllAsync(input).ConfigureAwait(false));
        }
        catch (InvalidInputException e)
        {
            // Nothing was touched; the runtime reports the one-line message as the error.
            InvalidEvents.Report(_log, _metrics, e);
            throw;
        }
    }
}
