using System.Text;
using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.PostConfirmation;
using LambdaSuite.PostConfirmation.Profiles;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;
using PostConfirmation.Tests.Fakes;
using PostConfirmation.Tests.Fixtures;
using Xunit;

namespace PostConfirmation.Tests;

/// <summary>
/// The function as Cognito calls it through Lambda: the event comes back byte for byte, bad input
/// is counted and writes nothing, and the write is bounded by Lambda's deadline.
/// </summary>
public sealed class HandlerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 10, 30, 15, 123, TimeSpan.Zero));
    private readonly MemorySink _sink = new();
    private readonly FakeProfileStore _store = new();
    private readonly FakeRuntimeApi _api = new();
    private readonly Handler _handler;

    public HandlerTests()
    {
        _handler = new Handler(new PostConfirmationSettings(), _store, new JsonLog(_sink, "PostConfirmation", LogLevel.Debug), new EmfMetrics(_sink, "Test", "PostConfirmation"), _time);
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

    [Theory]
    [InlineData("PostConfirmation_ConfirmForgotPassword")]
    [InlineData("PreSignUp_SignUp")]
    public async Task Other_trigger_sources_get_their_event_back_and_nothing_is_written(string source)
    {
        var original = TestEvents.AwsSampleWithSub("sub-4", source);

        Assert.Equal(original, await InvokeAsync(original));
        Assert.Empty(_store.Calls);
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
    public async Task A_failed_write_tells_Cognito_no_table_or_service_error_and_logs_the_cause_under_the_request()
    {
        _store.Failure = new ProfileStoreException("DynamoDB PutItem on table prod-users failed after 3000 ms: ProvisionedThroughputExceededException");

        var invocation = TestInvocation.Context(_time);

        var error = await Assert.ThrowsAsync<ProfileStoreException>(() => _handler.HandleAsync(new MemoryStream(TestEvents.AwsSampleWithSub("sub-7")), invocation));

        Assert.Equal("the user's profile could not be created; the cause is logged under request " + invocation.RequestId, error.Message);
        var logged = Assert.Single(_sink.Json(), j => j.TryGetProperty("message", out var m) && m.GetString() == "profile not created");
        Assert.Contains("ProvisionedThroughputExceededException", logged.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
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

    [Fact]
    public async Task Confirmations_are_answered_with_the_event_and_bad_input_on_the_error_endpoint_each_line_naming_its_invocation()
    {
        var good = TestEvents.AwsSampleWithSub("sub-1");
        _api.Enqueue(good, "req-1", _time.GetUtcNow().AddSeconds(5), "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Sampled=1");
        _api.Enqueue("{\"triggerSource\":\"PostConfirmation_ConfirmSignUp\",\"userPoolId\":\"p\",\"userName\":[\"jane.doe@example.com\"]}", "req-2", _time.GetUtcNow().AddSeconds(5));

        var exit = await _api.RunAsync(() => _handler, new JsonLog(_sink, "PostConfirmation", LogLevel.Debug));

        Assert.Equal(0, exit);
        var posts = _api.Posts;
        Assert.Equal(2, posts.Count);
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/response", posts[0].Path);
        Assert.Equal(good, posts[0].Body);
        Assert.Equal("/2018-06-01/runtime/invocation/req-2/error", posts[1].Path);
        Assert.Equal("Function.InvalidInputException", posts[1].ErrorType);
        var error = JsonDocument.Parse(posts[1].Body).RootElement;
        Assert.Equal("InvalidInputException", error.GetProperty("errorType").GetString());
        Assert.Equal("userName=\"[\\\"j***@example.com\\\"]\" is invalid: expected a string", error.GetProperty("errorMessage").GetString());
        Assert.Single(_store.Calls);

        var lines = _sink.Json().Where(l => !l.TryGetProperty("_aws", out _)).ToList();
        Assert.Contains(lines, l => l.GetProperty("requestId").GetString() == "req-1");
        Assert.Contains(lines, l => l.GetProperty("requestId").GetString() == "req-2");
        Assert.All(lines, l => Assert.Equal(l.GetProperty("requestId").GetString() == "req-1", l.GetProperty("coldStart").GetBoolean()));
        Assert.All(lines.Where(l => l.GetProperty("requestId").GetString() == "req-1"),
            l => Assert.Equal("1-5bef4de7-ad49b0e87f6ef6c87fc2e700", l.GetProperty("xray_trace_id").GetString()));
        Assert.DoesNotContain("jane.doe", _sink.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lambdas_deadline_bounds_the_write_when_it_comes_before_the_configured_one()
    {
        var observed = new List<bool>();
        _store.During = token =>
        {
            _time.Advance(TimeSpan.FromSeconds(1) - new PostConfirmationSettings().DeadlineMargin - TimeSpan.FromMilliseconds(1));
            observed.Add(token.IsCancellationRequested);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            observed.Add(token.IsCancellationRequested);
        };

        await _handler.HandleAsync(new MemoryStream(TestEvents.AwsSampleWithSub("sub-2")), TestInvocation.Context(_time, TimeSpan.FromSeconds(1)));

        Assert.Equal([false, true], observed);
    }

    [Fact]
    public async Task An_invocation_already_past_its_deadline_gives_the_store_a_cancelled_token()
    {
        await _handler.HandleAsync(new MemoryStream(TestEvents.AwsSampleWithSub("sub-3")), TestInvocation.Context(_time, new PostConfirmationSettings().DeadlineMargin));

        Assert.True(_store.LastToken.IsCancellationRequested);
    }

    public void Dispose() => _api.Dispose();

    private async Task<byte[]> InvokeAsync(byte[] input)
    {
        using var stream = new MemoryStream(input);
        await using var output = await _handler.HandleAsync(stream, TestInvocation.Context(_time));
        using var copy = new MemoryStream();
        await output.CopyToAsync(copy);
        return copy.ToArray();
    }
}
