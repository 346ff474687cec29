using System.Text.RegularExpressions;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;

namespace LambdaSuite.Common;

/// <summary>A function's log and metrics, configured once per execution environment.</summary>
public sealed partial record FunctionTelemetry(ILog Log, IMetrics Metrics)
{
    /// <summary>
    /// Log level from <c>LOG_LEVEL</c>, the <c>environment</c> field of every log line from
    /// <c>ENVIRONMENT_NAME</c>, EMF namespace from <c>METRICS_NAMESPACE</c> (default
    /// <c>LambdaSuite</c>), metric dimension from <c>AWS_LAMBDA_FUNCTION_NAME</c> (the deployed
    /// name; <paramref name="function"/> outside Lambda). A bad level fails init naming the variable.
    /// </summary>
    public static FunctionTelemetry FromEnvironment(EnvironmentReader env, string function)
    {
        ArgumentNullException.ThrowIfNull(env);
        var level = LogLevels.FromEnvironment(env);

        // CloudWatch drops EMF documents with an invalid namespace silently: refuse it at init.
        var metricsNamespace = env.GetMatching("METRICS_NAMESPACE", MetricsNamespacePattern(), "a CloudWatch namespace (1-255 of A-Z, a-z, 0-9, '.', '-', '_', '/', '#', ':', space; not starting with 'AWS/')")
            ?? "LambdaSuite";

        // One sink for everything: log, EMF and runtime lines share stdout and must never interleave.
        var stdout = StdoutSink.Shared;
        return new FunctionTelemetry(
            new JsonLog(stdout, function, level, environment: env.Get("ENVIRONMENT_NAME")),
            new EmfMetrics(stdout, metricsNamespace, env.GetString("AWS_LAMBDA_FUNCTION_NAME", function)));
    }

    [GeneratedRegex("^(?!AWS/)[A-Za-z0-9.\\-_/#: ]{1,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex MetricsNamespacePattern();
}
