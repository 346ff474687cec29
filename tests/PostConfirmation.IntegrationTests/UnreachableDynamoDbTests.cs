using System.Diagnostics;
using LambdaSuite.PostConfirmation;
using Xunit;
using Xunit.Abstractions;

namespace PostConfirmation.IntegrationTests;

/// <summary>
/// DynamoDB that cannot be reached must end the invocation with a clear error inside Cognito's
/// 5 s wait. The elapsed-time bound is Cognito's contract (past it the trigger has failed anyway),
/// not a speed target. Needs no emulator, so it is outside the local-stack collection.
/// </summary>
public sealed class UnreachableDynamoDbTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Closed_port_fails_with_a_clear_error_within_the_budget()
    {
        var handler = new HandlerUnderTest(BlackHole.ClosedPort(), "lambdasuite-users");

        var (error, elapsed) = await FailAsync(handler);

        Assert.StartsWith("DynamoDB PutItem on table lambdasuite-users failed after ", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(elapsed < Settings.CognitoWait, $"took {elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(1, handler.Sink.MetricSum("ProfilesFailed"));
    }

    [Fact]
    public async Task Endpoint_that_accepts_and_never_answers_fails_with_a_clear_error_within_the_budget()
    {
        using var hole = new BlackHole();
        var handler = new HandlerUnderTest(hole.Endpoint, "lambdasuite-users");

        var (error, elapsed) = await FailAsync(handler);

        Assert.StartsWith("DynamoDB PutItem on table lambdasuite-users failed after ", error.Message, StringComparison.Ordinal);
        Assert.True(hole.Accepted >= 1, "the client never reached the black hole");
        Assert.True(elapsed < Settings.CognitoWait, $"took {elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(1, handler.Sink.MetricSum("ProfilesFailed"));
    }

    [Fact]
    public async Task Overall_deadline_ends_the_call_even_when_attempts_and_retries_would_run_longer()
    {
        using var hole = new BlackHole();
        var settings = new Settings("lambdasuite-users", TimeSpan.FromMilliseconds(3000), TimeSpan.FromMilliseconds(1000), 3, TimeSpan.FromMilliseconds(500));
        var handler = new HandlerUnderTest(hole.Endpoint, "lambdasuite-users", settings);

        var (error, elapsed) = await FailAsync(handler);

        // Cancelled by the deadline token (not the 3 s attempt timeout, the largest allowed), during the first attempt.
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
        Assert.Contains("(deadline 500 ms, 4 attempts of at most 3000 ms)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, hole.Accepted);
        Assert.True(elapsed < Settings.CognitoWait, $"took {elapsed.TotalMilliseconds:F0} ms");
    }

    private async Task<(ProfileStoreException Error, TimeSpan Elapsed)> FailAsync(HandlerUnderTest handler)
    {
        var started = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<ProfileStoreException>(() => handler.InvokeAsync(Events.Confirmation(Guid.NewGuid().ToString())));
        var elapsed = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"{elapsed.TotalMilliseconds:F0} ms: {error.Message}");
        return (error, elapsed);
    }
}
