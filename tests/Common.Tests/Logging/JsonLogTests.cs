using System.Text.Json;
using LambdaSuite.Common.Invocation;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Runtime;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LambdaSuite.Common.Tests.Logging;

public sealed class JsonLogTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public void Each_entry_is_one_json_object_with_the_standard_fields_and_properties()
    {
        var sink = new MemorySink();
        var log = new JsonLog(sink, "LogShipper", LogLevel.Info, new FakeTimeProvider(Now));

        log.Info("object shipped", ("bucket", "logs"), ("bytes", 42L), ("dryRun", false));

        var line = Assert.Single(sink.Lines);
        Assert.DoesNotContain('\n', line);
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("2026-11-22T08:30:15.123Z", json.GetProperty("timestamp").GetString());
        Assert.Equal("INFO", json.GetProperty("level").GetString());
        Assert.Equal("object shipped", json.GetProperty("message").GetString());
        Assert.Equal("LogShipper", json.GetProperty("function").GetString());
        Assert.Equal("logs", json.GetProperty("bucket").GetString());
        Assert.Equal(42, json.GetProperty("bytes").GetInt64());
        Assert.False(json.GetProperty("dryRun").GetBoolean());
    }

    [Fact]
    public void Entries_below_the_minimum_level_are_not_written()
    {
        var sink = new MemorySink();
        var log = new JsonLog(sink, "f", LogLevel.Warn);

        log.Info("quiet");
        log.Debug("quieter");
        log.Warn("loud");

        var line = Assert.Single(sink.Json());
        Assert.Equal("WARN", line.GetProperty("level").GetString());
    }

    [Fact]
    public void Email_addresses_are_masked_in_message_properties_and_exceptions()
    {
        var sink = new MemorySink();
        var log = new JsonLog(sink, "f");

        log.Error(
            "profile for jane.doe@example.com failed",
            new InvalidOperationException("duplicate: jane.doe@example.com"),
            ("email", "jane.doe@example.com"),
            ("nested", new[] { "bob+tag@mail.example.org" }));

        var text = sink.AllText();
        Assert.DoesNotContain("jane.doe@example.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bob+tag@mail.example.org", text, StringComparison.Ordinal);
        var json = Assert.Single(sink.Json());
        Assert.Equal("profile for j***@example.com failed", json.GetProperty("message").GetString());
        Assert.Equal("j***@example.com", json.GetProperty("email").GetString());
        Assert.Equal("b***@mail.example.org", json.GetProperty("nested")[0].GetString());
        Assert.Equal("duplicate: j***@example.com", json.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", json.GetProperty("errorType").GetString());
    }

    [Fact]
    public void Lines_of_an_invocation_carry_its_request_id_cold_start_and_trace_and_init_lines_none()
    {
        var sink = new MemorySink();
        var log = new JsonLog(sink, "f");
        var invocation = new InvocationContext("req-7", Now.AddSeconds(3), "arn:aws:lambda:us-east-1:123456789012:function:f", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1", ColdStart: true);

        log.Info("init");
        using (InvocationScope.Enter(invocation))
        {
            log.Info("during", ("k", 1));
        }

        log.Info("after");

        var lines = sink.Json();
        var during = lines[1];
        Assert.Equal(["timestamp", "level", "message", "function", "requestId", "coldStart", "xray_trace_id", "k"], during.EnumerateObject().Select(p => p.Name));
        Assert.Equal("req-7", during.GetProperty("requestId").GetString());
        Assert.True(during.GetProperty("coldStart").GetBoolean());
        // The trace id itself (the header's Root), as X-Ray shows it: Logs Insights matches it exactly.
        Assert.Equal("1-5bef4de7-ad49b0e87f6ef6c87fc2e700", during.GetProperty("xray_trace_id").GetString());
        Assert.All([lines[0], lines[2]], l => Assert.False(l.TryGetProperty("requestId", out _)));
    }

    [Fact]
    public void Every_line_names_the_environment_it_was_configured_with()
    {
        var sink = new MemorySink();
        var log = new JsonLog(sink, "f", environment: "acme-prod");

        log.Info("hello");

        Assert.Equal("acme-prod", Assert.Single(sink.Json()).GetProperty("environment").GetString());
    }
}
