using System.Text.Json;
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

    private readonly Remediation _remediation;
    private readonly ILog _log;
    private readonly IMetrics _metrics;

    /// <summary>Production wiring: configuration validated and clients created once per execution environment.</summary>
    public Handler()
    {
        var env = new EnvironmentReader();
        var settings = RemediatorSettings.FromEnvironment(env);
        (_log, _metrics) = FunctionTelemetry.FromEnvironment(env, FunctionName);
        var locks = new DynamoDbRemediationLock(AwsClients.CreateDynamoDb(), settings.LockTableName, settings.Cooldown, TimeProvider.System);
        _remediation = new Remediation(settings, AwsClients.CreateEcs(_log), locks, _log, _metrics);
        _log.Info("Remediator initialised", ("allowedServices", settings.AllowedServices.Count), ("dryRun", settings.DryRun),
            ("cooldownSeconds", settings.Cooldown.TotalSeconds), ("minRunningTasks", settings.MinRunningTasks));
    }

    /// <summary>Test and benchmark wiring.</summary>
    internal Handler(RemediatorSettings settings, IEcsClient ecs, IRemediationLock locks, ILog log, IMetrics metrics)
    {
        _log = log;
        _metrics = metrics;
        _remediation = new Remediation(settings, ecs, locks, log, metrics);
    }

    /// <summary>Test wiring with the real DynamoDB lock.</summary>
    internal Handler(RemediatorSettings settings, IEcsClient ecs, IAmazonDynamoDB dynamo, TimeProvider time, ILog log, IMetrics metrics)
        : this(settings, ecs, new DynamoDbRemediationLock(dynamo, settings.LockTableName, settings.Cooldown, time), log, metrics)
    {
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            AlarmEvent alarm;
            try
            {
                alarm = AlarmEventParser.Parse(await HandlerInput.ReadAllAsync(input).ConfigureAwait(false));
            }
            catch (InvalidAlarmEventException e)
            {
                // Nothing was touched; the runtime reports the one-line message as the error.
                _metrics.Add(Remediation.Failed, 1, MetricUnit.Count);
                _log.Error("Invalid event", e);
                throw;
            }

            var result = await _remediation.RunAsync(alarm).ConfigureAwait(false);
            var output = new MemoryStream();
            await JsonSerializer.SerializeAsync(output, result, RemediatorJsonContext.Default.RemediationResult).ConfigureAwait(false);
            output.Position = 0;
            return output;
        }
        finally
        {
            _metrics.Flush();
        }
    }
}
