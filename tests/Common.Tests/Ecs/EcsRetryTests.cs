using System.Net;
using LambdaSuite.Common.Ecs;
using LambdaSuite.Common.Ecs.Model;
using LambdaSuite.Common.Logging;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Common.Tests.Ecs;

/// <summary>Which failures are retried, how long we wait, and what bounds the retrying (no real sleeping).</summary>
public sealed class EcsRetryTests
{
    private static readonly ListTasksRequest Request = new() { Cluster = "demo-cluster" };

    public static TheoryData<string> Transient => ["429", "503", "500 ServerException", "400 ThrottlingException", "transport"];

    [Theory]
    [MemberData(nameof(Transient))]
    public async Task Transient_failure_is_retried_then_succeeds(string failure)
    {
        var clients = new EcsTestClients();
        var fake = new FakeEcsHandler((n, _, _) => n == 1 ? Fail(failure) : Task.FromResult(Ok()));
        using var client = clients.Create(fake);

        var response = await client.ListTasksAsync(Request);

        Assert.Equal(["arn:1"], response.TaskArns);
        Assert.Equal(2, fake.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(50)], clients.Delays); // random 0.5 * min(2 s, 100 ms * 2^0)
    }

    [Fact]
    public async Task ClientException_is_not_retried()
    {
        var clients = new EcsTestClients();
        var fake = FakeEcsHandler.Sequence(() => FakeEcsHandler.Error(HttpStatusCode.BadRequest, "ClientException"), Ok);
        using var client = clients.Create(fake);

        await Assert.ThrowsAsync<ClientException>(() => client.ListTasksAsync(Request));

        Assert.Single(fake.Requests);
        Assert.Empty(clients.Delays);
    }

    [Fact]
    public async Task Attempts_are_bounded_and_the_last_error_surfaces()
    {
        var clients = new EcsTestClients();
        var fake = FakeEcsHandler.Sequence(() => FakeEcsHandler.Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException"));
        using var client = clients.Create(fake, r => r with { MaxAttempts = 3 });

        var e = await Assert.ThrowsAsync<AmazonEcsException>(() => client.ListTasksAsync(Request));

        Assert.Equal("ServiceUnavailableException", e.ErrorCode);
        Assert.Equal(3, fake.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)], clients.Delays);
    }

    [Fact]
    public async Task Time_budget_stops_retrying_before_attempts_run_out()
    {
        var clients = new EcsTestClients();
        // Each attempt "takes" 3 s of the 10 s budget; waits (random 0.5) are 50, 100, 200 ms.
        var fake = new FakeEcsHandler((_, _, _) =>
        {
            clients.Time.Advance(TimeSpan.FromSeconds(3));
            return Task.FromResult(FakeEcsHandler.Error(HttpStatusCode.InternalServerError, "ServerException"));
        });
        using var client = clients.Create(fake, r => r with { MaxAttempts = 10 });

        await Assert.ThrowsAsync<ServerException>(() => client.ListTasksAsync(Request));

        // t=3.0 wait, 6.05 wait, 9.15 wait to 9.35, 4th attempt ends at 12.35: over budget, no more.
        Assert.Equal(4, fake.Requests.Count);
        Assert.Equal(3, clients.Delays.Count);
    }

    [Fact]
    public async Task Last_attempt_gets_only_the_rest_of_the_budget_as_timeout()
    {
        var clients = new EcsTestClients();
        var fake = new FakeEcsHandler(async (n, _, token) =>
        {
            if (n == 1)
            {
                clients.Time.Advance(TimeSpan.FromMilliseconds(9_900));
                return FakeEcsHandler.Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException");
            }

            try
            {
                // Succeeds unless cut off by the ~100 ms left of the budget (the attempt timeout is 5 min).
                await Task.Delay(TimeSpan.FromSeconds(30), token);
            }
            catch (OperationCanceledException)
            {
                clients.Time.Advance(TimeSpan.FromMilliseconds(100)); // the manual clock follows the real wait
                throw;
            }

            return Ok();
        });
        using var client = clients.Create(fake, r => r with { NextRandom = () => 0 }, attemptTimeout: TimeSpan.FromMinutes(5));

        var e = await Assert.ThrowsAsync<AmazonEcsException>(() => client.ListTasksAsync(Request));

        Assert.Equal("RequestTimeout", e.ErrorCode);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task Attempt_timeout_is_retried_and_reported_as_RequestTimeout_when_it_persists()
    {
        var clients = new EcsTestClients();
        var fake = new FakeEcsHandler(async (_, _, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return Ok();
        });
        using var client = clients.Create(fake, r => r with { MaxAttempts = 2 }, attemptTimeout: TimeSpan.FromMilliseconds(20));

        var e = await Assert.ThrowsAsync<AmazonEcsException>(() => client.ListTasksAsync(Request));

        Assert.Equal(2, fake.Requests.Count);
        Assert.Equal("RequestTimeout", e.ErrorCode);
        Assert.Null(e.StatusCode);
        Assert.True(e.IsRetryable);
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
        Assert.StartsWith("ECS ListTasks failed: RequestTimeout: no response within ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_during_backoff_stops_retrying()
    {
        using var caller = new CancellationTokenSource();
        var clients = new EcsTestClients();
        var fake = FakeEcsHandler.Sequence(() => FakeEcsHandler.Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException"), Ok);
        using var client = clients.Create(fake, r => r with
        {
            Delay = (_, token) =>
            {
                caller.Cancel();
                token.ThrowIfCancellationRequested();
                return Task.CompletedTask;
            },
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListTasksAsync(Request, caller.Token));

        Assert.Single(fake.Requests);
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

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListTasksAsync(Request, caller.Token));

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

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListTasksAsync(Request, caller.Token));

        Assert.Equal(caller.Token, e.CancellationToken);
        Assert.Single(fake.Requests);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.999999)]
    public void Full_jitter_delay_is_random_share_of_capped_exponential(double random)
    {
        var policy = new EcsRetryPolicy(new EcsRetryOptions { NextRandom = () => random }, TimeSpan.FromSeconds(5), null);

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
        var policy = new EcsRetryPolicy(new EcsRetryOptions { NextRandom = random.NextDouble }, TimeSpan.FromSeconds(5), null);

        var delays = Enumerable.Range(0, 2000).Select(i => policy.BackoffDelay(i % 10)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
        Assert.Contains(delays, d => d > TimeSpan.FromSeconds(1)); // the cap is reached, not just approached from 100 ms
    }

    [Fact]
    public async Task Retries_are_logged_with_operation_attempt_and_error()
    {
        var sink = new MemorySink();
        var fake = FakeEcsHandler.Sequence(() => FakeEcsHandler.Error(HttpStatusCode.TooManyRequests, "ThrottlingException", "Rate exceeded"), Ok);
        using var client = new EcsTestClients().Create(fake, log: new JsonLog(sink, "Test"));

        await client.ListTasksAsync(Request);

        var line = Assert.Single(sink.Json());
        Assert.Equal("ECS call failed; retrying", line.GetProperty("message").GetString());
        Assert.Equal("ListTasks", line.GetProperty("operation").GetString());
        Assert.Equal(1, line.GetProperty("attempt").GetInt32());
        Assert.Contains("ThrottlingException: Rate exceeded", line.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static HttpResponseMessage Ok() => FakeEcsHandler.Json(HttpStatusCode.OK, """{"taskArns":["arn:1"]}""");

    private static Task<HttpResponseMessage> Fail(string failure) => failure switch
    {
        "429" => Task.FromResult(FakeEcsHandler.Json(HttpStatusCode.TooManyRequests, "{}")),
        "503" => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)),
        "500 ServerException" => Task.FromResult(FakeEcsHandler.Error(HttpStatusCode.InternalServerError, "ServerException")),
        "400 ThrottlingException" => Task.FromResult(FakeEcsHandler.Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded")),
        _ => Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (ecs.test.local:4599)")),
    };
}
