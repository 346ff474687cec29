using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using Xunit;

namespace LambdaSuite.Common.Tests.Logging;

public sealed class LogLevelTests
{
    [Theory]
    [InlineData(null, LogLevel.Info)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("WARNING", LogLevel.Warn)]
    [InlineData(" error ", LogLevel.Error)]
    public void Level_names_parse(string? value, LogLevel expected)
        => Assert.Equal(expected, LogLevels.FromEnvironment(new EnvironmentReader(name => name == LogLevels.Variable ? value : null)));

    [Fact]
    public void An_unknown_level_names_the_variable_and_value()
    {
        var error = Assert.Throws<ConfigurationException>(() => LogLevels.FromEnvironment(new EnvironmentReader(name => name == LogLevels.Variable ? "LOUD" : null)));
        Assert.Equal("LOG_LEVEL=\"LOUD\" is invalid: expected DEBUG, INFO, WARN or ERROR", error.Message);
    }
}
