using System.Text.Json;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.LogShipper;
using LambdaSuite.TestSupport;
using Xunit;
using static LogShipper.Tests.Fixtures;

namespace LogShipper.Tests;

/// <summary>The function behind the real runtime loop, against an in-memory Runtime API.</summary>
public sealed class RuntimeTests : IDisposable
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["SHIPPER_ENABLED"] = "true",
        ["SOURCE_BUCKET"] = "lambdasuite-access-logs",
        ["SOURCE_PREFIX"] = "logs/",
        ["DESTINATION_BUCKET"] = "customer-log-archive",
        ["DESTINATION_BUCKET_OWNER"] = "222222222222",
        ["S3_REQUEST_TIMEOUT_SECONDS"] = "200",
        ["AWS_REGION"] = "us-east-1",
    };

    private readonly FakeRuntimeApi _api = new();

    [Theory]
    [InlineData(600, true)] // 3 x 200 s + 2 x 20 s backoff > 600 - 15 s
    [InlineData(900, false)]
    public async Task The_first_invocations_deadline_reveals_the_timeout_the_s3_client_is_sized_for(int timeoutSeconds, bool refused)
    {
        var testEvent = File.ReadAllBytes(RepositoryPaths.Combine("infra", "events", "logshipper", "s3-test-event.json"));
        _api.Enqueue(testEvent, "req-1", DateTimeOffset.UtcNow.AddSeconds(timeoutSeconds));
        _api.Enqueue(testEvent, "req-2", DateTimeOffset.UtcNow.AddSeconds(timeoutSeconds));

        var exit = await _api.RunAsync(() => new Handler(new EnvironmentReader(Env)), new JsonLog(new MemorySink(), "LogShipper"));

        // (Outside Lambda the 900 s run may still fail later, creating the client without credentials: not for its configuration.)
        Assert.Equal(0, exit);
        Assert.Equal(2, _api.Posts.Count);
        Assert.All(_api.Posts, p => Assert.Equal(refused, p.ErrorType == "Function.ConfigurationException"));
        if (refused)
        {
            Assert.StartsWith("S3_REQUEST_TIMEOUT_SECONDS=\"200\" is invalid", JsonDocument.Parse(_api.Posts[1].Body).RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bad_input_is_posted_on_the_error_endpoint_and_every_line_names_the_invocation()
    {
        var h = new Harness();
        _api.Enqueue("{\"Records\":[{\"eventSource\":\"aws:s3\"}]}", "req-1", DateTimeOffset.UtcNow.AddMinutes(10));
        _api.Enqueue(S3Event(S3Record("logs/a.gz")).ToJsonString(), "req-2", DateTimeOffset.UtcNow.AddMinutes(10));

        await _api.RunAsync(() => h.Handler, h.Log);

        Assert.Equal(["/2018-06-01/runtime/invocation/req-1/error", "/2018-06-01/runtime/invocation/req-2/response"], _api.Posts.Select(p => p.Path));
        Assert.Equal("Function.InvalidInputException", _api.Posts[0].ErrorType);
        var lines = h.Sink.Json().Where(l => !l.TryGetProperty("_aws", out _)).ToList();
        Assert.Contains(lines, l => l.GetProperty("requestId").GetString() == "req-1" && l.GetProperty("coldStart").GetBoolean());
        Assert.Contains(lines, l => l.GetProperty("requestId").GetString() == "req-2" && !l.GetProperty("coldStart").GetBoolean());
        Assert.All(lines, l => Assert.True(l.TryGetProperty("requestId", out _)));
    }

    public void Dispose() => _api.Dispose();
}
