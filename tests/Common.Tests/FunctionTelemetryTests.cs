using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using Xunit;

namespace LambdaSuite.Common.Tests;

public sealed class FunctionTelemetryTests
{
    [Fact]
    public void A_bad_log_level_fails_init_as_a_configuration_error_naming_the_variable()
    {
        var env = new EnvironmentReader(new Dictionary<string, string> { ["LOG_LEVEL"] = "chatty" });

        var error = Assert.Throws<ConfigurationException>(() => FunctionTelemetry.FromEnvironment(env, "LogShipper"));

        Assert.Equal("LOG_LEVEL=\"chatty\" is invalid: expected DEBUG, INFO, WARN or ERROR", error.Message);
    }

    [Theory]
    [InlineData("AWS/Lambda")]
    [InlineData("bad|namespace")]
    public void An_invalid_metrics_namespace_fails_init_naming_the_variable(string value)
    {
        var env = new EnvironmentReader(new Dictionary<string, string> { ["METRICS_NAMESPACE"] = value });

        var error = Assert.Throws<ConfigurationException>(() => FunctionTelemetry.FromEnvironment(env, "f"));

        Assert.StartsWith($"METRICS_NAMESPACE=\"{value}\" is invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_level_is_taken_from_LOG_LEVEL()
    {
        var env = new EnvironmentReader(new Dictionary<string, string> { ["LOG_LEVEL"] = "WARN" });

        var log = FunctionTelemetry.FromEnvironment(env, "f").Log;

        Assert.False(log.IsEnabled(LogLevel.Info));
        Assert.True(log.IsEnabled(LogLevel.Warn));
    }
}
