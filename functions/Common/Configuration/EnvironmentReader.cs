using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace LambdaSuite.Common.Configuration;

/// <summary>
/// Reads settings from environment variables once, at init. Every failure is a
/// <see cref="ConfigurationException"/> whose message names the variable, the value and the form
/// that was expected. Empty values count as absent, so a blank template parameter means "default".
/// </summary>
public sealed partial class EnvironmentReader
{
    private readonly Func<string, string?> _lookup;

    public EnvironmentReader() : this(Environment.GetEnvironmentVariable) { }

    public EnvironmentReader(Func<string, string?> lookup) => _lookup = lookup;

    public EnvironmentReader(IReadOnlyDictionary<string, string> values)
        : this(name => values.TryGetValue(name, out var v) ? v : null) { }

    /// <summary>The trimmed value, or null when unset or blank.</summary>
    public string? Get(string name)
    {
        var value = _lookup(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public string Required(string name, string expected)
        => Get(name) ?? throw new ConfigurationException($"{name} is required: expected {expected}");

    public string GetString(string name, string defaultValue) => Get(name) ?? defaultValue;

    public bool GetBool(string name, bool defaultValue)
    {
        var value = Get(name);
        if (value is null)
        {
            return defaultValue;
        }

        return value.ToUpperInvariant() switch
        {
            "TRUE" or "1" or "YES" or "ON" => true,
            "FALSE" or "0" or "NO" or "OFF" => false,
            _ => throw Invalid(name, value, "true or false"),
        };
    }

    /// <summary>An integer from <paramref name="min"/> to <paramref name="max"/> (int, long, ... as the default's type).</summary>
    public T GetInteger<T>(string name, T defaultValue, T min, T max)
        where T : struct, IBinaryInteger<T>
    {
        var value = Get(name);
        if (value is null)
        {
            return defaultValue;
        }

        return T.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw Invalid(name, value, $"an integer from {min} to {max}");
    }

    /// <summary>A value that must match <paramref name="pattern"/>; <paramref name="expected"/> describes it to a person.</summary>
    public string? GetMatching(string name, Regex pattern, string expected)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var value = Get(name);
        return value is null || pattern.IsMatch(value) ? value : throw Invalid(name, value, expected);
    }

    /// <summary>A comma-separated list; entries trimmed, blanks dropped.</summary>
    public IReadOnlyList<string> GetList(string name)
        => Get(name)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>A 12-digit AWS account id, or null.</summary>
    public string? GetAccountId(string name) => GetMatching(name, AccountIdPattern(), "a 12-digit AWS account id");

    /// <summary>An S3 bucket name (3-63 lowercase letters, digits, dots, hyphens), or null.</summary>
    public string? GetBucketName(string name) => GetMatching(name, BucketPattern(), "an S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')");

    /// <summary>A required DynamoDB table name (3-255 of A-Z, a-z, 0-9, '_', '.', '-').</summary>
    public string GetTableName(string name)
    {
        const string expected = "a DynamoDB table name (3-255 characters: A-Z, a-z, 0-9, '_', '.', '-')";
        var value = Required(name, expected);
        return TablePattern().IsMatch(value) ? value : throw Invalid(name, value, expected);
    }

    public static ConfigurationException Invalid(string name, string value, string expected)
        => new($"{name}=\"{value}\" is invalid: expected {expected}");

    [GeneratedRegex("^[A-Za-z0-9_.-]{3,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex TablePattern();

    [GeneratedRegex("^[0-9]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketPattern();
}
