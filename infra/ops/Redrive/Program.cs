using Amazon.SQS;
using LambdaSuite.Ops;

namespace LambdaSuite.Redrive;

internal static class Program
{
    public const string Usage = """
        Usage: infra/ops/redrive --queue-url <url> --function <name|arn> [--apply] [--max <n>]
               infra/ops/redrive --queue-url <url> --local <LogicalId> [--apply] [--max <n>] [-- <infra/local/invoke options>]

        Drains a function's on-failure queue: each message's original event (requestPayload of
        Lambda's failure record, or the event itself from an EventBridge dead-letter queue) is sent
        to the function again as an asynchronous invoke; the message is deleted only after the invoke
        was accepted. Without --apply nothing is invoked or deleted: it lists what it would do.

          --queue-url <url>     the queue (stack outputs LogShipperFailureQueueUrl, RemediatorFailureQueueUrl)
          --function <name>     re-invoke this function (Lambda Invoke, InvocationType=Event); records
                                of another function are left in the queue
          --local <LogicalId>   re-invoke through infra/local/invoke instead (the local stack); options
                                after -- go to it (e.g. -- -n infra/events/logshipper/env.json)
          --apply               invoke and delete (default: dry run)
          --max <n>             look at no more than n messages

        One line per message on stderr; the counts on stdout. Exit: 0 every message handled,
        1 some message left in the queue (unrecognised, another function's, invoke not accepted, or
        SQS/Lambda unreachable or refusing: one line, nothing lost), 2 usage.
        """;

    private static async Task<int> Main(string[] args)
    {
        try
        {
            var options = Options.Parse(args);
            if (options.Help)
            {
                Console.Out.Write(Usage);
                return 0;
            }

            using var sqs = new AmazonSQSClient();
            var queue = new SqsFailureQueue(sqs, options.QueueUrl, Console.Error.WriteLine);
            using var lambda = options.Function is { } function ? new LambdaInvoker(function, Environment.GetEnvironmentVariable) : null;
            IInvoker invoker = lambda ?? (IInvoker)new LocalInvoker(
                Environment.GetEnvironmentVariable("LAMBDASUITE_ROOT") ?? Environment.CurrentDirectory, options.LocalFunction!, options.InvokeArguments);

            var counts = await new Redriver(queue, invoker, Console.Error.WriteLine).RunAsync(options.Apply, options.Max, CancellationToken.None);
            Console.Out.WriteLine(counts);
            return counts.Unrecognised + counts.OtherFunction + counts.Failed == 0 ? 0 : 1;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine("redrive: error: " + e.Message);
            return 2;
        }
        catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or TaskCanceledException)
        {
            // A wrong queue URL, no credentials, an unreachable endpoint: one line, and whatever was not deleted stays queued.
            Console.Error.WriteLine($"redrive: error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
