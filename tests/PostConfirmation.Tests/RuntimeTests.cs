using System.Text.Json;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.PostConfirmation;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace PostConfirmation.Tests;

/// <summary>The function behind the real runtime loop, against an in-memory Runtime API.</summary>
public sealed class RuntimeTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.Zero));
    private readonly MemorySink _sink = new();
    private readonly FakeProfileStore _store = new();
    private readonly FakeRuntimeApi _api = new();

    [Fact]
    public async Task Confirmations_are_answered_with_the_event_and_bad_input_on_the_error_endpoint_each_line_naming_its_invocation()
    {
        var good = TestEvents.AwsSampleWithSub("sub-1");
        _api.Enqueue(good, "req-1", _time.GetUtcNow().AddSeconds(5), "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Sampled=1");
        _api.Enqueue("{\"triggerSource\":\"PostConfirmation_ConfirmSignUp\",\"userPoolId\":\"p\",\"userName\":[\"jane.doe@example.com\"]}", "req-2", _time.GetUtcNow().AddSeconds(5));

        var exit = await _api.RunAsync(NewHandler, new JsonLog(_sink, "PostConfirmation", LogLevel.Debug));

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
            _time.Advance(TimeSpan.FromSeconds(1) - Handler.ResponseReserve - TimeSpan.FromMilliseconds(1));
            observed.Add(token.IsCancellationRequested);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            observed.Add(token.IsCancellationRequested);
        };

        await NewHandler().HandleAsync(new MemoryStream(TestEvents.AwsSampleWithSub("sub-2")), TestInvocation.Context(_time, TimeSpan.FromSeconds(1)));

        Assert.Equal([false, true], observed);
    }

    [Fact]
    public async Task An_invocation_already_past_its_deadline_gives_the_store_a_cancelled_token()
    {
        await NewHandler().HandleAsync(new MemoryStream(TestEvents.AwsSampleWithSub("sub-3")), TestInvocation.Context(_time, Handler.ResponseReserve));

        Assert.True(_store.LastToken.IsCancellationRequested);
    }

    public void Dispose() => _api.Dispose();

    private Handler NewHandler() => new(_store, new JsonLog(_sink, "PostConfirmation", LogLevel.Debug), new EmfMetrics(_sink, "Test", "PostConfirmation"), _time);
}
