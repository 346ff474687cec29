using System.Text.Json;
using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;
using LambdaSuite.LogShipper;
using LambdaSuite.TestSupport;
using Xunit;

namespace LogShipper.Tests;

public sealed class LogShipperSettingsTests
{
    private static readonly Dictionary<string, string> Enabled = new()
    {
        ["SHIPPER_ENABLED"] = "true",
        ["SOURCE_BUCKET"] = "lambdasuite-access-logs",
        ["SOURCE_PREFIX"] = "logs/",
        ["DESTINATION_BUCKET"] = "customer-log-archive",
        ["DESTINATION_PREFIX"] = "env1/",
        ["DESTINATION_BUCKET_OWNER"] = "222222222222",
    };

    private static LogShipperSettings Load(Dictionary<string, string> values, params (string Key, string Value)[] overrides)
    {
        var copy = new Dictionary<string, string>(values);
        foreach (var (k, v) in overrides)
        {
            copy[k] = v;
        }

        return LogShipperSettings.FromEnvironment(new EnvironmentReader(copy));
    }

    [Fact]
    public void Disabled_needs_no_destination_and_defaults_are_documented_values()
    {
        var s = LogShipperSettings.FromEnvironment(new EnvironmentReader(new Dictionary<string, string>()));

        Assert.False(s.Enabled);
        Assert.Equal((8, 4, 5L * 1024 * 1024 * 1024, 512L * 1024 * 1024), (s.CopyConcurrency, s.PartConcurrency, s.MultipartThresholdBytes, s.PartSizeBytes));
        Assert.Null(s.KmsKeyArn);
    }

    [Theory]
    [InlineData("DESTINATION_BUCKET")]
    [InlineData("SOURCE_BUCKET")]
    [InlineData("DESTINATION_BUCKET_OWNER")]
    public void Enabled_requires_buckets_and_the_destination_owner(string missing)
    {
        var values = new Dictionary<string, string>(Enabled);
        values.Remove(missing);

        var e = Assert.Throws<ConfigurationException>(() => Load(values));

        Assert.StartsWith($"{missing} is required", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("logs/", "logs/archive/")] // destination inside the watched prefix
    [InlineData("logs/", "")]              // destination root covers the watched prefix
    [InlineData("", "copies/")]            // the whole bucket is watched
    public void Copying_into_the_watched_location_is_refused_at_init(string sourcePrefix, string destinationPrefix)
    {
        var e = Assert.Throws<ConfigurationException>(() => Load(Enabled,
            ("DESTINATION_BUCKET", "lambdasuite-access-logs"), ("SOURCE_PREFIX", sourcePrefix), ("DESTINATION_PREFIX", destinationPrefix)));

        Assert.StartsWith("DESTINATION_PREFIX=", e.Message, StringComparison.Ordinal);
        Assert.Contains("trigger themselves", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_bucket_with_disjoint_prefixes_is_allowed()
    {
        var s = Load(Enabled, ("DESTINATION_BUCKET", "lambdasuite-access-logs"), ("DESTINATION_PREFIX", "shipped/"));

        Assert.Equal("shipped/", s.DestinationPrefix);
    }

    [Theory]
    [InlineData("DESTINATION_KMS_KEY_ARN", "alias/customer")]
    [InlineData("MULTIPART_PART_SIZE_BYTES", "1048576")]
    [InlineData("MULTIPART_THRESHOLD_BYTES", "6000000000")]
    [InlineData("COPY_CONCURRENCY", "0")]
    [InlineData("DESTINATION_BUCKET_OWNER", "12345")]
    [InlineData("SOURCE_PREFIX", "/logs/")]
    [InlineData("SHIPPER_ENABLED", "maybe")]
    [InlineData("PART_CONCURRENCY", "16")]          // 8 x 16 requests in flight is above 64
    [InlineData("S3_REQUEST_TIMEOUT_SECONDS", "901")]
    [InlineData("SHIPPER_ROLE_ARN", "arn:aws:sts::111111111111:assumed-role/r/s")] // a session, not the role the customer's policies name
    public void Invalid_values_fail_init_naming_the_variable_and_value(string name, string value)
    {
        var e = Assert.Throws<ConfigurationException>(() => Load(Enabled, (name, value)));

        Assert.StartsWith($"{name}=\"{value}\" is invalid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_role_arn_the_preflight_fixes_name_is_read_from_SHIPPER_ROLE_ARN()
    {
        const string arn = "arn:aws:iam::111111111111:role/service/lambdasuite-dev-LogShipperRole-1A2B3C";

        Assert.Equal(arn, Load(Enabled, ("SHIPPER_ROLE_ARN", arn)).RoleArn);
        Assert.Null(Load(Enabled).RoleArn);
    }

    [Fact]
    public void Kms_key_arn_is_accepted()
    {
        const string arn = "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        Assert.Equal(arn, Load(Enabled, ("DESTINATION_KMS_KEY_ARN", arn)).KmsKeyArn);
    }

    [Theory]
    [InlineData(600, "2", 181)] // (600 - 15 - 2 x 20) / 3
    [InlineData(900, "2", 281)]
    [InlineData(900, "0", 300)] // capped: a longer attempt would only delay the retry
    [InlineData(120, "2", 21)]
    [InlineData(599.987, "2", 181)] // what the first invocation sees of a 600 s Timeout
    public void Without_an_explicit_attempt_timeout_the_largest_that_fits_the_functions_timeout_is_used(double timeout, string retries, int expected)
    {
        var s = Load(Enabled, ("S3_MAX_ERROR_RETRY", retries)).SizedFor(TimeSpan.FromSeconds(timeout));

        Assert.Equal(TimeSpan.FromSeconds(expected), s.S3RequestTimeout);
        Assert.True(LogShipperSettings.WorstCaseRequest(s.S3RequestTimeout!.Value, s.S3MaxErrorRetry) <= TimeSpan.FromSeconds(timeout) - s.DeadlineMargin);
    }

    [Fact]
    public void An_explicit_attempt_timeout_that_fits_is_kept()
    {
        var s = Load(Enabled, ("S3_REQUEST_TIMEOUT_SECONDS", "120"));

        Assert.Equal(TimeSpan.FromSeconds(120), s.S3RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(120), s.SizedFor(TimeSpan.FromSeconds(600)).S3RequestTimeout);
    }

    [Fact]
    public void An_explicit_attempt_timeout_that_cannot_fit_is_refused_naming_it()
    {
        var s = Load(Enabled, ("S3_REQUEST_TIMEOUT_SECONDS", "200"));

        var e = Assert.Throws<ConfigurationException>(() => s.SizedFor(TimeSpan.FromSeconds(600)));

        Assert.StartsWith("S3_REQUEST_TIMEOUT_SECONDS=\"200\" is invalid: expected 3 attempts (S3_MAX_ERROR_RETRY=2) of at least 5 s with up to 20 s backoff between them to fit in the function's Timeout (600 s) minus 15 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeout_too_short_for_the_retries_is_refused_naming_the_retries()
    {
        var s = Load(Enabled, ("S3_MAX_ERROR_RETRY", "3"));

        var e = Assert.Throws<ConfigurationException>(() => s.SizedFor(TimeSpan.FromSeconds(60)));

        Assert.StartsWith("S3_MAX_ERROR_RETRY=\"3\" is invalid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_S3_limits_are_the_sized_attempt_timeout_the_connect_timeout_and_the_retries()
    {
        var s = Load(Enabled, ("S3_CONNECT_TIMEOUT_SECONDS", "7"), ("S3_MAX_ERROR_RETRY", "1"));

        Assert.Throws<InvalidOperationException>(() => s.S3Limits);
        Assert.Equal(new AwsCallLimits(TimeSpan.FromSeconds(282), TimeSpan.FromSeconds(7), 1), s.SizedFor(TimeSpan.FromSeconds(600)).S3Limits); // (600 - 15 - 20) / 2
    }

    [Fact]
    public void Env_json_is_a_valid_enabled_configuration_for_the_local_buckets()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "events", "logshipper", "env.json")));
        var values = document.RootElement.GetProperty("LogShipperFunction").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var settings = LogShipperSettings.FromEnvironment(new EnvironmentReader(values));

        Assert.True(settings.Enabled);
        Assert.Equal(("lambdasuite-access-logs", "customer-log-archive"), (settings.SourceBucket, settings.DestinationBucket));
    }
}
