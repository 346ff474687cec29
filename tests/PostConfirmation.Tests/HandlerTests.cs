using System.Text;
using LambdaSuite.Common;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.PostConfirmation;
using LambdaSuite.TestSupport;
using Xunit;

namespace PostConfirmation.Tests;

public sealed class HandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 30, 15, 123, TimeSpan.Zero);

    private readonly MemorySink _sink = new();
    private readonly FakeProfileStore _store = new();
    private readonly Handler _handler;

    public HandlerTests()
    {
        _handler = new Handler(_store, new JsonLog(_sink, "PostConfirmation", LogLevel.Debug), new EmfMetrics(_sink, "Test", "PostConfirmation"), new FixedTime(Now));
    }

    [Fact]
    public async Task Aws_sample_event_as_published_is_rejected_naming_the_missing_sub_and_writes_nothing()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => InvokeAsync(TestEvents.Load("aws-sample-confirm-signup.json")));

        Assert.Equal("request.userAttributes.sub is missing", error.Message);
        Assert.Empty(_store.Calls);
        Assert.Equal(1, _sink.MetricSum("InvalidEvents"));
        Assert.Equal(0, _sink.MetricSum("ProfilesFailed"));
    }

    [Fact]
    public async Task Cognito_docs_test_event_is_rejected_naming_the_missing_trigger_source()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => InvokeAsync(TestEvents.Load("cognito-docs-test-event.json")));

        Assert.Equal("triggerSource is missing", error.Message);
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public async Task Aws_sample_with_a_sub_creates_the_profile_from_the_event_fields()
    {
        await InvokeAsync(TestEvents.AwsSampleWithSub("sub-1"));

        var profile = Assert.Single(_store.Calls);
        Assert.Equal("USER#sub-1", profile.PartitionKey);
        Assert.Equal("<userName>", profile.UserName);
        Assert.Equal("<userPoolId>", profile.UserPoolId);
        Assert.Equal("<email>", profile.Email);
        Assert.Equal(Now, profile.CreatedAt);
        Assert.Equal(1, _sink.MetricSum("ProfilesCreated"));
        Assert.Equal(0, _sink.MetricSum("ProfilesFailed"));
    }

    [Fact]
    public async Task Returns_the_original_bytes_unchanged()
    {
        // Odd spacing, escapes, key order and a duplicate member: re-serialising would change any of them.
        var original = Encoding.UTF8.GetBytes(
            "{ \"response\":{},\"triggerSource\" : \"PostConfirmation_ConfirmSignUp\",\"userPoolId\":\"us-east-1_AbC\"," +
            "\"userName\":\"\\u00e9l\\u00e8ve\",\"version\":\"1\",\"region\":\"us-east-1\",\"callerContext\":{\"awsSdkVersion\":\"x\",\"clientId\":\"c\"}," +
            "\"request\":{\"userAttributes\":{\"sub\":\"sub-2\",\"email\":\"eleve@example.com\",\"custom:role\":\"ADMIN\"},\"clientMetadata\":{\"k\":\"1.0e2\"}}}\n");

        var returned = await InvokeAsync(original);

        Assert.Equal(original, returned);
        Assert.Equal("élève", Assert.Single(_store.Calls).UserName);
    }

    [Fact]
    public async Task Existing_profile_is_success_and_counted_as_already_existing()
    {
        _store.Outcome = CreateOutcome.AlreadyExists;
        var original = TestEvents.AwsSampleWithSub("sub-3");

        var returned = await InvokeAsync(original);

        Assert.Equal(original, returned);
        Assert.Equal(1, _sink.MetricSum("ProfilesAlreadyExisting"));
        Assert.Equal(0, _sink.MetricSum("ProfilesCreated"));
        Assert.Contains(_sink.Json(), l => l.GetProperty("message").GetString() == "profile already exists: left unchanged");
    }

    [Theory]
    [InlineData("PostConfirmation_ConfirmForgotPassword")]
    [InlineData("PreSignUp_SignUp")]
    public async Task Other_trigger_sources_write_nothing_log_why_and_return_the_event(string source)
    {
        var original = TestEvents.AwsSampleWithSub("sub-4", source);

        var returned = await InvokeAsync(original);

        Assert.Equal(original, returned);
        Assert.Empty(_store.Calls);
        Assert.Equal(1, _sink.MetricSum("ProfilesSkipped"));
        var line = Assert.Single(_sink.Json(), l => l.TryGetProperty("triggerSource", out _));
        Assert.Equal(source, line.GetProperty("triggerSource").GetString());
        Assert.Contains("only sign-up confirmation", line.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", "event is invalid: expected JSON (syntax error at line 1, byte 2)")]
    [InlineData("[1,2]", "event=\"[1,2]\" is invalid: expected an object")]
    [InlineData("{\"triggerSource\":42}", "triggerSource=\"42\" is invalid: expected a string")]
    [InlineData("{\"triggerSource\":\"PostConfirmation_ConfirmSignUp\",\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":7}}}", "request.userAttributes.sub=\"7\" is invalid: expected a string")]
    [InlineData("{\"triggerSource\":\"PostConfirmation_ConfirmSignUp\",\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":\"  \"}}}", "request.userAttributes.sub is missing")]
    [InlineData("{\"triggerSource\":\"PostConfirmation_ConfirmSignUp\",\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":\"s\"}}}", "userPoolId is missing")]
    [InlineData("{\"triggerSource\":\"PostConfirmation_ConfirmSignUp\",\"userPoolId\":\"p\",\"request\":{\"userAttributes\":{\"sub\":\"s\"}}}", "userName is missing")]
    [InlineData("{\"triggerSource\":\"PostConfirmation_ConfirmSignUp\",\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":\"x\"}", "request=\"x\" is invalid: expected an object")]
    public async Task Malformed_events_fail_with_a_one_line_message_naming_the_field_and_write_nothing(string json, string expected)
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => InvokeAsync(Encoding.UTF8.GetBytes(json)));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(_store.Calls);
        // Bad input is counted apart from failed writes, and logged once with its message.
        Assert.Equal(1, _sink.MetricSum("InvalidEvents"));
        Assert.Equal(0, _sink.MetricSum("ProfilesFailed"));
        var line = Assert.Single(_sink.Json(), l => l.TryGetProperty("level", out var level) && level.GetString() == "ERROR");
        Assert.Equal(("event invalid", "InvalidEvent", error.Message), (line.GetProperty("message").GetString(), line.GetProperty("category").GetString(), line.GetProperty("errorMessage").GetString()));
    }

    [Fact]
    public async Task Invalid_value_is_masked_when_it_is_an_email_address()
    {
        var json = "{\"triggerSource\":\"PostConfirmation_ConfirmSignUp\",\"userPoolId\":\"p\",\"userName\":[\"jane.doe@example.com\"]}";

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => InvokeAsync(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("userName=\"[\\\"j***@example.com\\\"]\" is invalid: expected a string", error.Message);
    }

    [Fact]
    public async Task Invalid_email_attribute_is_reported_masked()
    {
        var json = "{\"triggerSource\":\"PostConfirmation_ConfirmSignUp\",\"userPoolId\":\"p\",\"userName\":\"u\",\"request\":{\"userAttributes\":{\"sub\":\"s\",\"email\":{\"v\":\"jane.doe@example.com\"}}}}";

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => InvokeAsync(Encoding.UTF8.GetBytes(json)));

        Assert.StartsWith("request.userAttributes.email=", error.Message, StringComparison.Ordinal);
        Assert.Contains("j***@example.com", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", error.Message, StringComparison.Ordinal);
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public async Task Store_failure_propagates_and_is_counted_as_failed()
    {
        _store.Failure = new ProfileStoreException("DynamoDB PutItem on table t failed");

        await Assert.ThrowsAsync<ProfileStoreException>(() => InvokeAsync(TestEvents.AwsSampleWithSub("sub-5")));

        Assert.Equal(1, _sink.MetricSum("ProfilesFailed"));
        Assert.Equal(0, _sink.MetricSum("ProfilesCreated"));
        Assert.Equal(0, _sink.MetricSum("InvalidEvents"));
    }

    [Fact]
    public async Task Logs_never_carry_the_full_email_address()
    {
        var original = TestEvents.AwsSampleWithSub("sub-6", change: e => e["request"]!["userAttributes"]!["email"] = "jane.doe@example.com");

        await InvokeAsync(original);
        _store.Failure = new ProfileStoreException("x");
        await Assert.ThrowsAsync<ProfileStoreException>(() => InvokeAsync(original));

        Assert.NotEmpty(_sink.Lines);
        // Not even masked: the function never logs the address on purpose (JsonLog masks any slip).
        Assert.DoesNotContain("jane.doe", _sink.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain("@example.com", _sink.AllText(), StringComparison.Ordinal);
    }

    private async Task<byte[]> InvokeAsync(byte[] input)
    {
        using var stream = new MemoryStream(input);
        await using var output = await _handler.HandleAsync(stream, TestInvocation.Context(new FixedTime(Now)));
        using var copy = new MemoryStream();
        await output.CopyToAsync(copy);
        return copy.ToArray();
    }
}
