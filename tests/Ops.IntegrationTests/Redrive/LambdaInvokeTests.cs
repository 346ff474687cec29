using System.Net;
using System.Text;
using Amazon.Runtime;
using LambdaSuite.Redrive;
using Xunit;

namespace LambdaSuite.Ops.IntegrationTests.Redrive;

/// <summary>No Lambda emulator here: the Invoke request is asserted as it leaves, and the queue is a fake that records deletes.</summary>
public sealed class LambdaInvokeTests
{
    private const string Record = """{"requestContext":{"functionArn":"arn:aws:lambda:eu-west-1:111111111111:function:shipper","condition":"RetriesExhausted","approximateInvokeCount":3},"requestPayload":{"Records":[{"k":"v"}]}}""";

    private static LambdaInvoker Invoker(FakeLambda lambda, string function = "arn:aws:lambda:eu-west-1:111111111111:function:shipper")
        => new(function, _ => null, lambda, new BasicAWSCredentials("AKIDEXAMPLE", "secret"));

    [Fact]
    public async Task The_payload_goes_to_Lambda_as_a_signed_asynchronous_invoke_and_202_deletes_the_message()
    {
        var lambda = new FakeLambda(HttpStatusCode.Accepted);
        var queue = new FakeQueue(new QueueMessage("m-1", "h-1", Record));
        using var invoker = Invoker(lambda);

        var counts = await new Redriver(queue, invoker, _ => { }).RunAsync(apply: true, int.MaxValue, CancellationToken.None);

        var request = Assert.Single(lambda.Requests);
        Assert.Equal("POST https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A111111111111%3Afunction%3Ashipper/invocations", $"{request.Method} {request.Uri}");
        Assert.Equal("Event", request.Headers["X-Amz-Invocation-Type"]);
        Assert.Contains("/eu-west-1/lambda/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("""{"Records":[{"k":"v"}]}""", request.Body);
        Assert.Equal(["h-1"], queue.Deleted);
        Assert.Equal((1, 1, 0), (counts.Invoked, counts.Deleted, counts.Failed));
    }

    [Fact]
    public async Task Throttling_is_retried_and_a_refused_invoke_keeps_the_message()
    {
        var throttledOnce = new FakeLambda(HttpStatusCode.TooManyRequests, HttpStatusCode.Accepted);
        using (var invoker = Invoker(throttledOnce))
        {
            Assert.True((await invoker.InvokeAsync("{}", CancellationToken.None)).Accepted);
        }

        Assert.Equal(2, throttledOnce.Requests.Count);

        var missing = new FakeLambda(HttpStatusCode.NotFound);
        var queue = new FakeQueue(new QueueMessage("m-1", "h-1", Record));
        using var refused = Invoker(missing);
        var counts = await new Redriver(queue, refused, _ => { }).RunAsync(apply: true, int.MaxValue, CancellationToken.None);

        Assert.Single(missing.Requests);
        Assert.Empty(queue.Deleted);
        Assert.Equal(["h-1"], queue.Released);
        Assert.Equal(1, counts.Failed);
    }

    [Fact]
    public async Task A_record_of_another_function_and_a_dry_run_invoke_nothing_and_delete_nothing()
    {
        var lambda = new FakeLambda(HttpStatusCode.Accepted);
        var other = Record.Replace("function:shipper", "function:remediator", StringComparison.Ordinal);
        var queue = new FakeQueue(new QueueMessage("m-1", "h-1", other), new QueueMessage("m-2", "h-2", Record));
        using var invoker = Invoker(lambda);

        var counts = await new Redriver(queue, invoker, _ => { }).RunAsync(apply: false, int.MaxValue, CancellationToken.None);

        Assert.Empty(lambda.Requests);
        Assert.Empty(queue.Deleted);
        Assert.Equal(["h-1", "h-2"], queue.Released.Order(StringComparer.Ordinal));
        Assert.Equal((2, 1, 1), (counts.Messages, counts.Invoked, counts.OtherFunction));
    }

    private sealed record SentRequest(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, string Body);

    private sealed class FakeLambda(params HttpStatusCode[] answers) : HttpMessageHandler
    {
        public List<SentRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            Requests.Add(new SentRequest(request.Method, request.RequestUri!, headers, await request.Content!.ReadAsStringAsync(cancellationToken)));
            var status = answers[Math.Min(Requests.Count - 1, answers.Length - 1)];
            var response = new HttpResponseMessage(status) { Content = new StringContent(status == HttpStatusCode.Accepted ? string.Empty : """{"Message":"no"}""", Encoding.UTF8, "application/json") };
            if (status == HttpStatusCode.NotFound)
            {
                response.Headers.Add("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/");
            }

            return response;
        }
    }

    /// <summary>Hands out its messages once, then nothing; records deletes and releases.</summary>
    private sealed class FakeQueue(params QueueMessage[] messages) : IFailureQueue
    {
        private bool _given;

        public List<string> Deleted { get; } = [];

        public List<string> Released { get; } = [];

        public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(TimeSpan hideFor, CancellationToken cancellationToken)
        {
            IReadOnlyList<QueueMessage> batch = _given ? [] : messages;
            _given = true;
            return Task.FromResult(batch);
        }

        public Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken)
        {
            Deleted.Add(message.ReceiptHandle);
            return Task.CompletedTask;
        }

        public Task ReleaseAsync(QueueMessage message, CancellationToken cancellationToken)
        {
            Released.Add(message.ReceiptHandle);
            return Task.CompletedTask;
        }
    }
}
