using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;
using LambdaSuite.PostConfirmation;
using Xunit;

namespace PostConfirmation.Tests;

public sealed class PostConfirmationSettingsTests
{
    [Fact]
    public void Defaults_fit_the_budget_described_in_the_readme()
    {
        var settings = Read(new() { ["USERS_TABLE_NAME"] = "lambdasuite-users" });

        Assert.Equal(new PostConfirmationSettings { TableName = "lambdasuite-users" }, settings);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), settings.AttemptTimeout);
        Assert.Equal(1, settings.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(3000), settings.Deadline);
        Assert.True(settings.Deadline < TimeSpan.FromMilliseconds(PostConfirmationSettings.CognitoWaitMs));
    }

    [Fact]
    public void Explicit_values_are_used_and_connect_timeout_never_exceeds_the_attempt_timeout()
    {
        var settings = Read(new()
        {
            ["USERS_TABLE_NAME"] = "t_1.x",
            ["DYNAMODB_ATTEMPT_TIMEOUT_MS"] = "400",
            ["DYNAMODB_MAX_RETRIES"] = "0",
            ["DYNAMODB_DEADLINE_MS"] = "900",
        });

        Assert.Equal(new PostConfirmationSettings { TableName = "t_1.x", AttemptTimeout = TimeSpan.FromMilliseconds(400), ConnectTimeout = TimeSpan.FromMilliseconds(400), MaxRetries = 0, Deadline = TimeSpan.FromMilliseconds(900) }, settings);
    }

    [Fact]
    public void Largest_allowed_deadline_and_attempt_timeout_keep_the_cold_start_reserve_inside_Cognitos_wait()
    {
        var settings = Read(new()
        {
            ["USERS_TABLE_NAME"] = "users",
            ["DYNAMODB_ATTEMPT_TIMEOUT_MS"] = "3000",
            ["DYNAMODB_DEADLINE_MS"] = "3000",
        });

        Assert.Equal(TimeSpan.FromMilliseconds(3000), settings.Deadline);
        Assert.Equal(TimeSpan.FromMilliseconds(3000), settings.AttemptTimeout);
        Assert.True(settings.Deadline + TimeSpan.FromMilliseconds(PostConfirmationSettings.ColdStartReserveMs) <= TimeSpan.FromMilliseconds(PostConfirmationSettings.CognitoWaitMs));
    }

    [Theory]
    [InlineData(null, null, null, null, "USERS_TABLE_NAME is required: expected a DynamoDB table name")]
    [InlineData("a b", null, null, null, "USERS_TABLE_NAME=\"a b\" is invalid: expected a DynamoDB table name")]
    [InlineData("users", "3001", null, null, "DYNAMODB_ATTEMPT_TIMEOUT_MS=\"3001\" is invalid: expected an integer from 100 to 3000")]
    [InlineData("users", null, "9", null, "DYNAMODB_MAX_RETRIES=\"9\" is invalid: expected an integer from 0 to 3")]
    [InlineData("users", null, null, "3001", "DYNAMODB_DEADLINE_MS=\"3001\" is invalid: expected an integer from 200 to 3000")]
    [InlineData("users", null, null, "soon", "DYNAMODB_DEADLINE_MS=\"soon\" is invalid")]
    public void Invalid_configuration_names_the_variable_and_value(string? table, string? attempt, string? retries, string? deadline, string expected)
    {
        var values = new Dictionary<string, string?>
        {
            ["USERS_TABLE_NAME"] = table,
            ["DYNAMODB_ATTEMPT_TIMEOUT_MS"] = attempt,
            ["DYNAMODB_MAX_RETRIES"] = retries,
            ["DYNAMODB_DEADLINE_MS"] = deadline,
        };

        var error = Assert.Throws<ConfigurationException>(() => Read(values));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    private static PostConfirmationSettings Read(Dictionary<string, string?> values)
        => PostConfirmationSettings.FromEnvironment(new EnvironmentReader(name => values.GetValueOrDefault(name)));

    [Fact]
    public void The_client_limits_are_the_settings_time_budget()
    {
        var settings = new PostConfirmationSettings { TableName = "users", AttemptTimeout = TimeSpan.FromMilliseconds(700), ConnectTimeout = TimeSpan.FromMilliseconds(600), MaxRetries = 2, Deadline = TimeSpan.FromMilliseconds(2500) };

        Assert.Equal(new AwsCallLimits(TimeSpan.FromMilliseconds(700), TimeSpan.FromMilliseconds(600), 2), settings.DynamoDbLimits);
    }
}
