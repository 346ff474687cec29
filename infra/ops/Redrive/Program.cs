using Amazon.SQS;

namespace LambdaSuite.Redrive;

internal sealed class UsageException(string message) : Exception(message);

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
        1 some message left in the queue (unrecognised, another function's, invoke not accepted), 2 usage.
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
    }
}

internal sealed class Options
{
    public string QueueUrl { get; private set; } = string.Empty;

    public string? Function { get; private set; }

    public string? LocalFunction { get; private set; }

    public List<string> InvokeArguments { get; } = [];

    public bool Apply { get; private set; }

    public int Max { get; private set; } = int.MaxValue;

    public bool Help { get; private set; }

    public static Options Parse(IReadOnlyList<string> args)
    {
        var o = new Options();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "-h" or "--help": o.Help = true; return o;
                case "--queue-url": o.QueueUrl = Value(); break;
                case "--function": o.Function = Value(); break;
                case "--local": o.LocalFunction = Value(); break;
                case "--apply": o.Apply = true; break;
                case "--max":
                    var text = Value();
                    o.Max = int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var max) && max > 0 ? max : throw new UsageException($"--max \"{text}\" is invalid: expected a positive number");
                    break;
                case "--": o.InvokeArguments.AddRange(args.Skip(i + 1)); i = args.Count; break;
                default: throw new UsageException($"unknown option \"{args[i]}\" (see --help)");
            }
        }

        if (!Uri.TryCreate(o.QueueUrl, UriKind.Absolute, out _))
        {
            throw new UsageException("--queue-url is required: expected the queue's URL");
        }

        if ((o.Function is null) == (o.LocalFunction is null))
        {
            throw new UsageException("give exactly one of --function <name|arn> and --local <LogicalId>");
        }

        if (o.InvokeArguments.Count > 0 && o.LocalFunction is null)
        {
            throw new UsageException("options after -- are for infra/local/invoke and need --local");
        }

        return o;
    }
}
