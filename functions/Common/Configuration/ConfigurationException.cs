namespace LambdaSuite.Common.Configuration;

/// <summary>
/// A missing or malformed setting. Thrown while the function initialises, so Lambda reports an
/// init error whose one-line message names the variable and the expected form.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException() { }

    public ConfigurationException(string message) : base(message) { }

    public ConfigurationException(string message, Exception innerException) : base(message, innerException) { }
}
