using Amazon.DynamoDBv2;
using LambdaSuite.Common;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Ecs;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;

namespace LambdaSuite.Remediator;

/// <summary>
/// Lambda entry point (managed dotnet10 runtime, Stream in and out): a CloudWatch alarm in ALARM
/// stops at most one task of the service it names, at most once per cooldown.
/// </summary>
public sealed class Handler
{
    internal const string FunctionName = "Remediator";

    private readonly RemediatorSettings _settings;
    private readonly Remediation _remediation;
    private readonly TimeProvider _time;
    private readonly ILog _log;
    private readonly IMetrics _metrics;
    private readonly OutcomeReport _report;

    /// <summary>Production wiring: configuration validated and clients created once per execution environment.</summary>
    public Handler()
    {
        var env = new EnvironmentReader();
        _settings = RemediatorSettings.FromEnvironment(env);
        (_log, _metrics) = FunctionTelemetry.FromEnvironment(env, FunctionName);
        _time = TimeProvider.System;
        var locks = new DynamoDbRemediationLock(AwsClients.CreateDynamoDb(), _settings.LockTableName, _settings.Cooldown, _time);
        _remediation = new Remediation(_settings, AwsClients.CreateEcs(_log), locks, _time, _log, _metrics);
        // Lambda sets both; the response's console links come from them.
        _report = new OutcomeReport(new ConsoleLinks(env.Get("AWS_REGION"), env.Get("AWS_LAMBDA_LOG_GROUP_NAME")));
        _log.Info("Remediator initialised", ("cluster", _settings.ClusterName), ("allowedServices", _settings.AllowedServices.Count), ("dryRun", _settings.DryRun),
            ("cooldownSeconds", _settings.Cooldown.TotalSeconds), ("minRunningTasks", _settings.MinRunningTasks),
            ("deadlineSeconds", _settings.Deadline.TotalSeconds), ("maxEventAgeSeconds", _settings.MaxEventAge.TotalSeconds));
    }

    /// <summary>Test and benchmark wiring.</summary>
    internal Handler(RemediatorSettings settings, IEcsClient ecs, IRemediationLock locks, TimeProvider time, ILog log, IMetrics metrics, ConsoleLinks? links = null)
    {
        _settings = settings;
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

    public Task<Stream> HandleAsync(Stream input) => HandleAsync(input, requestId: null);

    /// <param name="requestId">The invocation's Lambda request id, for the response and its Logs Insights link.</param>
    internal async Task<Stream> HandleAsync(Stream input, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = _time.GetUtcNow();
        // Started first so reading the payload counts against it too; the runtime passes no deadline of its own.
        using var deadline = new CancellationTokenSource(_settings.Deadline, _time);
        try
        {
            AlarmEvent alarm;
            try
            {
                alarm = AlarmEventParser.Parse(await HandlerInput.ReadAllAsync(input).ConfigureAwait(false));
            }
            catch (InvalidInputException e)
            {
                // Nothing was touched; the runtime reports the one-line message as the error.
                _metrics.Add(Remediation.InvalidEvents, 1, MetricUnit.Count);
                _log.Error("Invalid event", e);
                throw;
            }

            var result = await _remediation.RunAsync(alarm, deadline.Token).ConfigureAwait(false);
            var report = _report.Complete(result, alarm, requestId, started, _time.GetUtcNow());
            return await HandlerOutput.JsonAsync(report, RemediatorJsonContext.Default.RemediationResult).ConfigureAwait(false);
        }
        finally
        {
            _metrics.Flush();
        }
    }
}
