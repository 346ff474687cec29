using LambdaSuite.Common.Invocation;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LambdaSuite.Common.Tests.Invocation;

public sealed class InvocationContextTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    private InvocationContext Context(TimeSpan remaining, string? traceId = null)
        => new("req-1", _time.GetUtcNow() + remaining, "arn:aws:lambda:us-east-1:123456789012:function:f", traceId, ColdStart: false);

    [Fact]
    public void The_remaining_time_is_read_on_the_given_clock()
    {
        var context = Context(TimeSpan.FromSeconds(30));

        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(TimeSpan.FromSeconds(-1), context.RemainingTime(_time));
    }

    [Fact]
    public void The_token_fires_exactly_the_margin_before_the_deadline_on_the_given_clock()
    {
        using var deadline = Context(TimeSpan.FromSeconds(10)).CancelBeforeDeadline(TimeSpan.FromSeconds(3), _time);

        _time.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromTicks(1));
        Assert.False(deadline.IsCancellationRequested);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(deadline.IsCancellationRequested);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    [InlineData(-5)]
    public void The_token_is_already_cancelled_when_no_time_is_left_before_the_margin(int remainingSeconds)
    {
        using var deadline = Context(TimeSpan.FromSeconds(remainingSeconds)).CancelBeforeDeadline(TimeSpan.FromSeconds(3), _time);

        Assert.True(deadline.IsCancellationRequested);
    }

    [Fact]
    public void The_trace_is_the_parsed_tracing_header()
    {
        Assert.Equal(new TraceHeader("1-5759e988-bd862e3fe1be46a994272793", true), Context(TimeSpan.FromSeconds(1), "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1").Trace);
        Assert.Equal(new TraceHeader(null, false), Context(TimeSpan.FromSeconds(1)).Trace);
    }
}
