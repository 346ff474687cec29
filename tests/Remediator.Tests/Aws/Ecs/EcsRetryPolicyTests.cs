using System.Net;
using LambdaSuite.Common.Logging;
using LambdaSuite.Remediator.Aws.Ecs;
using LambdaSuite.Remediator.Decision;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Remediator.Tests.Fakes;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Aws.Ecs;

/// <summary>
/// Which failures are retried, how long each wait and attempt lasts, and what bounds the retrying,
/// on the fake clock: every wait shows as the time between the starts of two attempts, and
/// nothing sleeps.
/// </summary>
public sealed class EcsRetryPolicyTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
    private readonly List<DateTimeOffset> _starts = [];

    private IReadOnlyList<TimeSpan> Gaps => [.. _starts.Skip(1).Select((start, i) => start - _starts[i])];

    /// <summary>Jitter fixed at half the ceiling: waits of 50, 100, 200 ms ….</summary>
    private EcsRetryPolicy Policy(Func<EcsRetryOptions, EcsRetryOptions>? change = null, TimeSpan? attemptTimeout = null, ILog? log = null)
    {
        var options = new EcsRetryOptions { NextRandom = () => 0.5 };
        return new EcsRetryPolicy(change is null ? options : change(options), attemptTimeout ?? TimeSpan.FromSeconds(5), _time, log);
    }

    /// <summary>Attempt n follows <paramref name="script"/>[n-1] (the last one repeats); each start is recorded.</summary>
    private Func<CancellationToken, Task<string>> Attempts(params Func<CancellationToken, Task<string>>[] script) => token =>
    {
        _starts.Add(_time.GetUtcNow());
        return script[Math.Min(_starts.Count, script.Length) - 1](token);
    };

    private Task<string> RunAsync(EcsRetryPolicy policy, Func<CancellationToken, Task<string>> attempt)
        => _time.CompleteAsync(() => policy.ExecuteAsync("ListTasks", attempt, CancellationToken.None));

    private static Task<string> Succeeds(CancellationToken _) => Task.FromResult("ok");

    private static Func<CancellationToken, Task<string>> Fails(Exception e) => _ => Task.FromException<string>(e);

    private static AmazonEcsException Unavailable() => new("ECS ListTasks failed: ServiceUnavailableException: down (HTTP 503)", "ServiceUnavailableException", HttpStatusCode.ServiceUnavailable, "r", isRetryable: true);

    /// <summary>An attempt with no answer: it ends only when its token fires.</summary>
    private static Task<string> Hangs(CancellationToken token)
    {
        var answer = new TaskCompletionSource<string>();
        token.Register(() => answer.TrySetCanceled(token));
        return answer.Task;
    }

    /// <summary>An attempt that takes <paramref name="duration"/> on the clock (shorter than its timeout), then fails in a way worth retrying.</summary>
    /// <remarks>The wait takes no token: a cancellable delay resumes on the thread pool, outside the clock move.</remarks>
    private Func<CancellationToken, Task<string>> TakesThenFails(TimeSpan duration) => async _ =>
    {
        await Task.Delay(duration, _time, CancellationToken.None).ConfigureAwait(false);
        throw Unavailable();
    };

    public static TheoryData<string> Retryable => ["ECS error marked retryable", "transport error"];

    [Theory]
    [MemberData(nameof(Retryable))]
    public async Task A_retryable_failure_is_retried_after_a_jittered_wait_then_succeeds(string failure)
    {
        Exception error = failure == "transport error" ? new HttpRequestException("Connection refused") : Unavailable();

        var result = await RunAsync(Policy(), Attempts(Fails(error), Succeeds));

        Assert.Equal("ok", result);
        Assert.Equal([TimeSpan.FromMilliseconds(50)], Gaps); // random 0.5 * min(2 s, 100 ms * 2^0)
    }

    [Fact]
    public async Task A_failure_that_is_not_retryable_ends_the_call_at_once()
    {
        var rejected = new AmazonEcsException("ECS ListTasks failed: ClientException: no (HTTP 400)", "ClientException", HttpStatusCode.BadRequest, "r", isRetryable: false);

        var e = await Assert.ThrowsAsync<AmazonEcsException>(() => RunAsync(Policy(), Attempts(Fails(rejected), Succeeds)));

        Assert.Same(rejected, e);
        Assert.Single(_starts);
        Assert.Equal(_time.Start, _time.GetUtcNow());
    }

    [Fact]
    public async Task An_unexpected_exception_propagates_unchanged_without_a_retry()
    {
        var bug = new InvalidOperationException("not an AWS failure");

        Assert.Same(bug, await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(Policy(), Attempts(Fails(bug), Succeeds))));
        Assert.Single(_starts);
    }

    [Fact]
    public async Task Attempts_are_bounded_and_the_last_error_surfaces()
    {
        var e = await Assert.ThrowsAsync<AmazonEcsException>(() => RunAsync(Policy(r => r with { MaxAttempts = 3 }), Attempts(Fails(Unavailable()))));

        Assert.Equal("ServiceUnavailableException", e.ErrorCode);
        Assert.Equal([TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)], Gaps);
    }

    [Fact]
    public async Task Time_budget_stops_retrying_before_attempts_run_out()
    {
        // Each attempt takes 3 s of the 10 s budget; the waits are 50, 100, 200 ms.
        await Assert.ThrowsAsync<AmazonEcsException>(() => RunAsync(Policy(r => r with { MaxAttempts = 10 }), Attempts(TakesThenFails(TimeSpan.FromSeconds(3)))));

        // Attempts start at 0, 3.05, 6.15 and 9.35 s; the fourth ends at 12.35 s, past the budget: no fifth.
        Assert.Equal([TimeSpan.FromMilliseconds(3_050), TimeSpan.FromMilliseconds(3_100), TimeSpan.FromMilliseconds(3_200)], Gaps);
    }

    [Fact]
    public async Task Last_attempt_gets_only_the_rest_of_the_budget_as_timeout()
    {
        var policy = Policy(r => r with { NextRandom = () => 0 }, attemptTimeout: TimeSpan.FromMinutes(5));

        var e = await Assert.ThrowsAsync<AmazonEcsException>(() => RunAsync(policy, Attempts(TakesThenFails(TimeSpan.FromMilliseconds(9_900)), Hangs)));

        Assert.Equal("RequestTimeout", e.ErrorCode);
        Assert.Equal(2, _starts.Count);
        // The 100 ms left of the 10 s budget, not the 5 min attempt timeout.
        Assert.Equal(TimeSpan.FromMilliseconds(100), _time.GetUtcNow() - _starts[1]);
    }

    [Fact]
    public async Task Attempt_timeout_is_retried_and_reported_as_RequestTimeout_when_it_persists()
    {
        var e = await Assert.ThrowsAsync<AmazonEcsException>(() => RunAsync(Policy(r => r with { MaxAttempts = 2 }, TimeSpan.FromMilliseconds(20)), Attempts(Hangs)));

        // 20 ms attempt, 50 ms wait, 20 ms attempt.
        Assert.Equal([TimeSpan.FromMilliseconds(70)], Gaps);
        Assert.Equal(TimeSpan.FromMilliseconds(90), _time.GetUtcNow() - _time.Start);
        Assert.Equal("RequestTimeout", e.ErrorCode);
        Assert.Null(e.StatusCode);
        Assert.True(e.IsRetryable);
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
        Assert.Equal("ECS ListTasks failed: RequestTimeout: no response within 0.02 s", e.Message);
    }

    [Fact]
    public async Task Caller_cancellation_during_backoff_stops_retrying()
    {
        using var caller = new CancellationTokenSource();

        var call = Policy().ExecuteAsync("ListTasks", Attempts(Fails(Unavailable()), Succeeds), caller.Token);
        Assert.False(call.IsCompleted); // waiting out the backoff: the clock has not moved
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(_starts);
    }

    [Fact]
    public async Task Caller_cancellation_in_flight_is_not_mistaken_for_a_timeout()
    {
        using var caller = new CancellationTokenSource();
        var fake = new FakeEcsHandler(async (_, _, token) =>
        {
            await caller.CancelAsync();
            await Task.Delay(Timeout.Infinite, token);
            return Ok();
        });
        using var client = new EcsTestClients().Create(fake);

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListTasksAsync(new ListTasksRequest(), caller.Token));

        Assert.Equal(caller.Token, e.CancellationToken);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Transport_error_after_caller_cancellation_is_not_retried()
    {
        using var caller = new CancellationTokenSource();
        var fake = new FakeEcsHandler(async (_, _, _) =>
        {
            await caller.CancelAsync();
            throw new HttpRequestException("connection reset");
        });
        using var client = new EcsTestClients().Create(fake);

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListTasksAsync(new ListTasksRequest(), caller.Token));

        Assert.Equal(caller.Token, e.CancellationToken);
        Assert.Single(fake.Requests);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.999999)]
    public void Full_jitter_delay_is_random_share_of_capped_exponential(double random)
    {
        var policy = Policy(r => r with { NextRandom = () => random });

        for (var retry = 0; retry < 12; retry++)
        {
            var ceiling = Math.Min(2000, 100 * Math.Pow(2, retry));
            var delay = policy.BackoffDelay(retry);
            Assert.InRange(delay.TotalMilliseconds, 0, 2000);
            Assert.Equal(ceiling * random, delay.TotalMilliseconds, 3);
        }
    }

    [Fact]
    public void Full_jitter_delays_from_a_real_random_source_stay_within_zero_and_cap()
    {
        var random = new Random(1234);
        var policy = Policy(r => r with { NextRandom = random.NextDouble });

        var delays = Enumerable.Range(0, 2000).Select(i => policy.BackoffDelay(i % 10)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
        Assert.Contains(delays, d => d > TimeSpan.FromSeconds(1)); // the cap is reached, not just approached from 100 ms
    }

    [Fact]
    public async Task Retries_are_logged_with_operation_attempt_wait_and_error()
    {
        var sink = new MemorySink();
        var throttled = new AmazonEcsException("ECS ListTasks failed: ThrottlingException: Rate exceeded (HTTP 400)", "ThrottlingException", HttpStatusCode.BadRequest, "r", isRetryable: true);

        await RunAsync(Policy(log: new JsonLog(sink, "Test")), Attempts(Fails(throttled), Succeeds));

        var line = Assert.Single(sink.Json());
        Assert.Equal("ECS call failed; retrying", line.GetProperty("message").GetString());
        Assert.Equal("ListTasks", line.GetProperty("operation").GetString());
        Assert.Equal(1, line.GetProperty("attempt").GetInt32());
        Assert.Equal(50, line.GetProperty("delayMs").GetInt64());
        Assert.Contains("ThrottlingException: Rate exceeded", line.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static HttpResponseMessage Ok() => FakeEcsHandler.Json(HttpStatusCode.OK, """{"taskArns":["arn:1"]}""");
}
