using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using LambdaSuite.TestSupport;
using Remediator.IntegrationTests.Fixtures;
using Xunit;

namespace Remediator.IntegrationTests;

/// <summary>
/// The lock against dynalite when DynamoDB answers badly: responses lost after the write was
/// applied, attempts that land late, clean-up writes that fail. dynalite cannot lose a response
/// itself, so a fault injector sits between the SDK and dynalite; every write it lets through is
/// dynalite's own. In each case the lock holds for at most the failed invocation, not the cooldown.
/// </summary>
[Collection(LocalAwsGroup.Name)]
public sealed class LockFaultTests(LocalAws aws)
{
    /// <summary>One invocation: RemediatorSettings' default timeout (27 s deadline + 3 s margin).</summary>
    private static readonly TimeSpan Invocation = TimeSpan.FromSeconds(30);

    private RemediatorStack Stack() => RemediatorStack.ForNewService(aws, "lf");

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static HttpRequestException Lost() => new("The response ended prematurely.", new IOException("connection reset by peer"));

    private static HttpResponseMessage ServerError()
        => new(HttpStatusCode.InternalServerError) { Content = new StringContent("{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"injected\"}", Encoding.UTF8, "application/x-amz-json-1.0") };

    [Fact]
    public async Task A_applied_acquire_whose_response_was_lost_is_recognised_as_ours_by_one_read_and_acts()
    {
        // Path (a): dynalite returns no item with the condition failure, so only a read can tell.
        using var stack = Stack();
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        var puts = 0;
        stack.DynamoCalls.Intercept = async (request, operation, send, ct) =>
        {
            var response = await send(ct);
            return operation == "PutItem" && Interlocked.Increment(ref puts) == 1 ? throw Lost() : response;
        };

        var result = await stack.InvokeAsync(stack.Alarm());

        Assert.Equal("stopped", Str(result, "action"));
        // The lock's two attempts (the second meets our own item) and the fleet budget slot's one.
        Assert.Equal((3, 1), (stack.DynamoCalls.Count("PutItem"), stack.DynamoCalls.Count("GetItem")));
        Assert.Equal(1, await stack.EcsCallsAsync("StopTask"));
        Assert.Equal("COMPLETED", (await stack.LockItemAsync())!["status"].S);
    }

    [Fact]
    public async Task Acquire_answers_all_lost_and_a_failing_release_block_only_until_the_invocation_ends()
    {
        // Path (b): the write is applied, no attempt gets its answer, and the clean-up delete fails.
        using var stack = Stack();
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        stack.DynamoCalls.Intercept = async (request, operation, send, ct) => operation switch
        {
            "PutItem" => (await send(ct)) is var _ ? throw Lost() : null!,
            "DeleteItem" => ServerError(),
            _ => await send(ct),
        };
        await Assert.ThrowsAsync<RemediationFailedException>(() => stack.InvokeAsync(stack.Alarm("first")));
        Assert.Equal("IN_PROGRESS", (await stack.LockItemAsync())!["status"].S);
        stack.DynamoCalls.Intercept = null;

        await AssertHeldThenTakenOverAsync(stack, "first");
    }

    [Fact]
    public async Task ListTasks_failing_and_the_release_failing_block_only_until_the_invocation_ends()
    {
        // Path (c).
        using var stack = Stack();
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        await aws.EcsFaultAsync("""{"operation":"ListTasks","status":400,"type":"ClientException","count":1}""");
        stack.DynamoCalls.Intercept = async (request, operation, send, ct) => operation == "DeleteItem" ? ServerError() : await send(ct);
        await Assert.ThrowsAsync<RemediationFailedException>(() => stack.InvokeAsync(stack.Alarm("first")));
        stack.DynamoCalls.Intercept = null;

        await AssertHeldThenTakenOverAsync(stack, "first");
    }

    [Fact]
    public async Task An_acquire_that_lands_after_the_release_blocks_only_until_the_invocation_ends()
    {
        // Path (d): every attempt is delayed past the attempt timeout; the release finds nothing; then a late attempt lands.
        using var stack = Stack();
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        var held = new ConcurrentQueue<(HttpMethod, Uri, List<KeyValuePair<string, IEnumerable<string>>>, byte[])>();
        stack.DynamoCalls.Intercept = async (request, operation, send, ct) =>
        {
            if (operation != "PutItem")
            {
                return await send(ct);
            }

            held.Enqueue((request.Method, request.RequestUri!, [.. request.Headers], await request.Content!.ReadAsByteArrayAsync(ct)));
            throw new TaskCanceledException("attempt timed out", new TimeoutException());
        };
        await Assert.ThrowsAsync<RemediationFailedException>(() => stack.InvokeAsync(stack.Alarm("first")));
        Assert.Null(await stack.LockItemAsync());
        Assert.Equal(1, stack.DynamoCalls.Count("DeleteItem"));
        stack.DynamoCalls.Intercept = null;

        Assert.True(held.TryDequeue(out var late));
        using (var http = new HttpClient())
        using (var replay = new HttpRequestMessage(late.Item1, late.Item2) { Content = new ByteArrayContent(late.Item4) })
        {
            foreach (var (name, values) in late.Item3)
            {
                replay.Headers.TryAddWithoutValidation(name, values);
            }

            replay.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.0");
            (await http.SendAsync(replay)).EnsureSuccessStatusCode();
        }

        Assert.Equal("IN_PROGRESS", (await stack.LockItemAsync())!["status"].S);
        await AssertHeldThenTakenOverAsync(stack, "first");
    }

    [Fact]
    public async Task A_lock_marked_for_StopTask_holds_for_the_cooldown_even_when_the_outcome_was_never_recorded()
    {
        using var stack = Stack();
        await stack.SeedAsync(RemediatorStack.ThreeTasksOneUnhealthy);
        // The marks (of the lock and of the fleet budget slot) go through; recording the outcome fails.
        stack.DynamoCalls.Intercept = async (request, operation, send, ct)
            => operation == "UpdateItem" && (await request.Content!.ReadAsStringAsync(ct)).Contains(":outcome", StringComparison.Ordinal) ? ServerError() : await send(ct);
        var first = await stack.InvokeAsync(stack.Alarm("first"));
        stack.DynamoCalls.Intercept = null;
        Assert.Equal("stopped", Str(first, "action"));
        Assert.Equal("STOPPING", (await stack.LockItemAsync())!["status"].S);

        stack.Clock.Advance(TimeSpan.FromMinutes(5));
        var later = await stack.InvokeAsync(stack.Alarm("second"));

        Assert.Equal("skipped", Str(later, "action"));
        Assert.Equal(1, await stack.EcsCallsAsync("StopTask"));
    }

    /// <summary>Before the failed invocation's end the lock still holds; one moment after, the next alarm takes it over, acts, and the item names whom it replaced.</summary>
    private static async Task AssertHeldThenTakenOverAsync(RemediatorStack stack, string previousAlarm)
    {
        var during = await stack.InvokeAsync(stack.Alarm("second"));
        stack.Clock.Advance(Invocation + TimeSpan.FromSeconds(1));
        var after = await stack.InvokeAsync(stack.Alarm("third"));

        Assert.Equal("skipped", Str(during, "action"));
        Assert.Equal("stopped", Str(after, "action"));
        Assert.Equal(1, await stack.EcsCallsAsync("StopTask"));
        Assert.Equal(1, stack.Sink.MetricSum(RemediatorMetrics.Takeovers));
        var item = (await stack.LockItemAsync())!;
        Assert.Equal(("COMPLETED", "third", previousAlarm), (item["status"].S, item["alarmName"].S, item["takenOverFrom"].M["alarmName"].S));
    }
}
