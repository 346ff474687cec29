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
    public void Every_log_line_names_the_environment_from_ENVIRONMENT_NAME()
    {
        var sink = new LambdaSuite.TestSupport.MemorySink();
        var log = new JsonLog(sink, "f", environment: "acme-prod");

        log.Info("hello");

        Assert.Equal("acme-prod", Assert.Single(sink.Json()).GetProperty("environment").GetString());
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

public sealed class HandlerInputTests
{
    [Fact]
    public async Task Reads_the_whole_payload_from_a_memory_stream_and_from_any_other_stream()
    {
        var payload = System.Text.Encoding.UTF8.GetBytes("{\"a\":1}");

        Assert.Equal(payload, await HandlerInput.ReadAllAsync(new MemoryStream(payload)));
        Assert.Equal(payload, await HandlerInput.ReadAllAsync(new BufferedStream(new MemoryStream(payload), 2)));
    }

    [Fact]
    public async Task A_partly_read_memory_stream_yields_the_rest()
    {
        var stream = new MemoryStream("xyz{}"u8.ToArray()) { Position = 3 };

        Assert.Equal("{}"u8.ToArray(), await HandlerInput.ReadAllAsync(stream));
    }
}
