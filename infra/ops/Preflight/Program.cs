using LambdaSuite.Ops;

namespace LambdaSuite.Preflight;

internal static class Program
{
    public const string Payload = """{"preflight": true}""";

    public const string Usage = """
        Usage: infra/ops/preflight --function <name|arn> [--json]
               infra/ops/preflight --local [-n|--env-vars <file>] [--parameter-overrides K=V ...] [--json]

        Runs the LogShipper preflight: the function, with its own role and configuration, writes its
        canary, copies it into the customer's bucket the way it copies a log object, and answers a
        checklist (source canary written, destination bucket exists, copy allowed, encryption as
        configured, KMS key usable), each pass / fail / skipped / unknown, with the fix for a failure.
        Works whether shipping is enabled or not.

          --function <name|arn>        the deployed function (stack output LogShipperFunctionArn), invoked
                                       synchronously (RequestResponse); a name takes the Region from AWS_REGION
          --local                      LogShipperFunction through infra/local/invoke and the local stack
          -n, --env-vars <file>        (--local) passed on to infra/local/invoke, e.g. infra/events/logshipper/env.json
          --parameter-overrides K=V .. (--local) passed on to infra/local/invoke
          --json                       print the function's answer (JSON) instead of the table

        The table goes to stdout (status words coloured on a terminal unless NO_COLOR is set); the
        function's log lines (one per check) to stderr with --local. Exit: 0 no check failed or is
        unknown, 1 one did (or the function could not be invoked or answered no checklist), 2 usage.
        """;

    private static async Task<int> Main(string[] args)
    {
        try
        {
            var options = Options.Parse(args);
            if (options.Help)
            {
                Console.Out.WriteLine(Usage);
                return 0;
            }

            var (answer, target, exit) = options.Function is { } function ? await InvokeDeployedAsync(function) : await InvokeLocalAsync(options.InvokeArguments);
            if (answer is null)
            {
                return exit;
            }

            var checklist = Checklist.Parse(answer);
            Console.Out.Write(options.Json ? answer.TrimEnd() + "\n" : ChecklistTable.Render(checklist, target, ChecklistTable.UseColour(Console.IsOutputRedirected, Environment.GetEnvironmentVariable)));
            return checklist.Failed ? 1 : 0;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine("preflight: error: " + e.Message);
            return 2;
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine("preflight: error: the function answered no preflight checklist: " + e.Message);
            return 1;
        }
        catch (Exception e) when (e is Amazon.Runtime.AmazonClientException or HttpRequestException or TaskCanceledException)
        {
            // No credentials, an unreachable endpoint, a timeout: one line.
            Console.Error.WriteLine($"preflight: error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    private static async Task<(string? Answer, string Target, int Exit)> InvokeDeployedAsync(string function)
    {
        using var lambda = new LambdaClient(function, Environment.GetEnvironmentVariable);
        var response = await lambda.InvokeAsync(Payload, InvocationType.RequestResponse, CancellationToken.None);
        if (response.Succeeded)
        {
            return (response.Body, function, 0);
        }

        Console.Error.WriteLine($"preflight: error: invoking {function}: {response.Detail}");
        return (null, function, 1);
    }

    private static async Task<(string? Answer, string Target, int Exit)> InvokeLocalAsync(IReadOnlyList<string> invokeArguments)
    {
        const string target = "LogShipperFunction (local)";
        var root = Environment.GetEnvironmentVariable("LAMBDASUITE_ROOT") ?? Environment.CurrentDirectory;
        var (exitCode, response) = await LocalFunction.InvokeAsync(root, "LogShipperFunction", Payload, invokeArguments, CancellationToken.None);
        switch (exitCode)
        {
            case 0:
                return (response, target, 0);
            case 2:
                Console.Error.WriteLine("preflight: error: infra/local/invoke refused to run the function (exit 2: usage, template or build problem; its message is above)");
                return (null, target, 2);
            default:
                var error = response.Trim();
                Console.Error.WriteLine($"preflight: error: the function failed (infra/local/invoke exit {exitCode}): {(error.Length <= 300 ? error : error[..300] + "…")}");
                return (null, target, 1);
        }
    }
}
