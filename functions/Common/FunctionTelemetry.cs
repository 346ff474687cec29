using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;

namespace LambdaSuite.Common;

/// <summary>A function's log and metrics, configured once per execution environment.</summary>
public sealed record FunctionTelemetry(ILog Log, IMetrics Metrics)
{
    /// <summary>
    /// Log level from <c>LOG_LEVEL</c>, EMF namespace from <c>METRICS_NAMESPACE</c> (default
    /// <c>LambdaSuite</c>), metric dimension from <c>AWS_LAMBDA_FUNCTION_NAME</c> (the deployed
    /// name; <paramref name="function"/> outside Lambda). A bad level fails init naming the variable.
    /// </summary>
    public static FunctionTelemetry FromEnvironment(EnvironmentReader env, string function)
    {
        ArgumentNullException.ThrowIfNull(env);
        LogLevel level;
        try
        {
            level = JsonLog.ParseLevel(env.Get("LOG_LEVEL"));
        }
        catch (FormatException e)
        {
            throw new ConfigurationException(e.Message, e);
        }

        // One sink for both: log and EMF lines share stdout and must never interleave.
        var stdout = new StdoutSink();
        return new FunctionTelemetry(
            new JsonLog(stdout, function, level),
            new EmfMetrics(stdout, env.GetString("METRICS_NAMESPACE", "LambdaSuite"), env.GetString("AWS_LAMBDA_FUNCTION_NAME", function)));
    }
}
