using System.Diagnostics;
using LambdaSuite.PostConfirmation;
using LambdaSuite.PostConfirmation.Profiles;
using Microsoft.Extensions.Time.Testing;
using PostConfirmation.IntegrationTests.Fakes;
using PostConfirmation.IntegrationTests.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace PostConfirmation.IntegrationTests;

/// <summary>
/// DynamoDB that cannot be reached must end the invocation with a clear error inside Cognito's
/// 5 s wait. The elapsed-time bound is Cognito's contract (past it the trigger has failed anyway),
/// not a speed target, so these two run as in production: the client's timeouts and the function's
/// deadline both on the real clock (the deadline caps the call even when a loaded machine stretches
/// the client's attempts). The deadline test alone runs on a fake clock it advances. Needs no
/// emulator, so it is outside the local-stack collection.
/// </summary>
public sealed class UnreachableDynamoDbTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Closed_port_fails_with_a_clear_error_within_the_budget()
    {
        var handler = new HandlerUnderTest(BlackHole.ClosedPort(), "lambdasuite-users", time: TimeProvider.System);

        var (error, elapsed) = await FailAsync(handler);

        Assert.StartsWith("DynamoDB PutItem on table lambdasuite-users failed after ", error.InnerException!.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.InnerException!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(elapsed < TimeSpan.FromMilliseconds(PostConfirmationSettings.CognitoWaitMs), $"took {elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(1, handler.Sink.MetricSum("ProfilesFailed"));
    }

    [Fact]
    public async Task Endpoint_that_accepts_and_never_answers_fails_with_a_clear_error_within_the_budget()
    {
        using var hole = new BlackHole();
        var handler = new HandlerUnderTest(hole.Endpoint, "lambdasuite-users", time: TimeProvider.System);

        var (error, elapsed) = await FailAsync(handler);

        Assert.StartsWith("DynamoDB PutItem on table lambdasuite-users failed after ", error.InnerException!.Message, StringComparison.Ordinal);
        Assert.True(hole.Accepted >= 1, "the client never reached the black hole");
        Assert.True(elapsed < TimeSpan.FromMilliseconds(PostConfirmationSettings.CognitoWaitMs), $"took {elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(1, handler.Sink.MetricSum("ProfilesFailed"));
    }

    [Fact]
    public async Task Overall_deadline_ends_the_call_even_when_attempts_and_retries_would_run_longer()
    {
        using var hole = new BlackHole();
        var time = new FakeTimeProvider();
        var settings = new PostConfirmationSettings { TableName = "lambdasuite-users", AttemptTimeout = TimeSpan.FromMilliseconds(3000), ConnectTimeout = TimeSpan.FromMilliseconds(1000), MaxRetries = 3, Deadline = TimeSpan.FromMilliseconds(500) };
        var handler = new HandlerUnderTest(hole.Endpoint, "lambdasuite-users", settings, time);

        var invocation = handler.InvokeAsync(Events.Confirmation(Guid.NewGuid().ToString()));
        await Task.WhenAny(hole.FirstAccepted, invocation);
        // The first attempt waits for an answer that never comes; the deadline passes on the function's clock.
        time.Advance(TimeSpan.FromMilliseconds(500));
        var error = await Assert.ThrowsAsync<ProfileStoreException>(() => invocation);
        output.WriteLine(error.InnerException!.Message);

        // Cancelled by the deadline token (not the 3 s attempt timeout, the largest allowed), during the first attempt.
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException!.InnerException);
        Assert.StartsWith("DynamoDB PutItem on table lambdasuite-users failed after 500 ms (deadline 500 ms, 4 attempts of at most 3000 ms)", error.InnerException.Message, StringComparison.Ordinal);
        Assert.Equal(1, hole.Accepted);
        Assert.Equal(1, handler.Sink.MetricSum("ProfilesFailed"));
    }

    private async Task<(ProfileStoreException Error, TimeSpan Elapsed)> FailAsync(HandlerUnderTest handler)
    {
        var started = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<ProfileStoreException>(() => handler.InvokeAsync(Events.Confirmation(Guid.NewGuid().ToString())));
        var elapsed = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"{elapsed.TotalMilliseconds:F0} ms: {error.InnerException!.Message}");
        return (error, elapsed);
    }
}
