using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.PostConfirmation;
using LambdaSuite.TestSupport;

namespace LambdaSuite.Benchmarks;

/// <summary>
/// PostConfirmation figures against a private local stack: DynamoDB HTTP requests per confirmation
/// (counted below the SDK, so retries would show) and cold invoke time in a fresh process.
/// </summary>
internal static class PostConfirmationBenchmark
{
    private const string Table = "lambdasuite-users";
    private const string ColdChildFlag = "--cold-child";

    internal static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains(ColdChildFlag))
        {
            return await ColdChildAsync();
        }

        var confirmations = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 50;
        var aws = new LocalAws();
        await aws.InitializeAsync();
        try
        {
            await CountCallsAsync(aws, confirmations);
            await ColdStartsAsync(aws, runs: 5);
        }
        finally
        {
            await aws.DisposeAsync();
        }

        return 0;
    }

    private static async Task CountCallsAsync(LocalAws aws, int confirmations)
    {
        var counter = new CountingHttpClientFactory();
        var settings = Settings.Defaults(Table);
        var config = DynamoDbProfileStore.ClientConfig(settings, counter);
        config.ServiceURL = aws.DynamoDbEndpoint.ToString();
        config.AuthenticationRegion = aws.Region;
        var handler = new Handler(
            new DynamoDbProfileStore(new AmazonDynamoDBClient(new BasicAWSCredentials(aws.AccessKey, aws.SecretKey), config), settings),
            new JsonLog(new MemorySink(), "PostConfirmation"),
            new EmfMetrics(new MemorySink(), "Bench", "PostConfirmation"),
            TimeProvider.System);

        var subs = Enumerable.Range(0, confirmations).Select(_ => Guid.NewGuid().ToString()).ToList();
        var phases = new (string Name, string Source)[]
        {
            ("new user (ConfirmSignUp)", "PostConfirmation_ConfirmSignUp"),
            ("repeat (ConfirmSignUp, profile exists)", "PostConfirmation_ConfirmSignUp"),
            ("ConfirmForgotPassword", "PostConfirmation_ConfirmForgotPassword"),
        };
        Console.WriteLine($"PostConfirmation: DynamoDB HTTP requests per confirmation ({confirmations} confirmations each)");
        foreach (var (name, source) in phases)
        {
            var before = counter.Total;
            var watch = Stopwatch.StartNew();
            foreach (var sub in subs)
            {
                await using var output = await handler.HandleAsync(new MemoryStream(Event(sub, source)), TestInvocation.Context());
            }

            watch.Stop();
            var calls = counter.Total - before;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {name,-40} {(double)calls / confirmations:F2} requests/confirmation ({calls} total), {watch.Elapsed.TotalMilliseconds / confirmations:F2} ms/confirmation warm"));
        }
    }

    /// <summary>Each run is a new process doing what Lambda's init + first invoke do: parameterless ctor, one confirmation.</summary>
    private static async Task ColdStartsAsync(LocalAws aws, int runs)
    {
        Console.WriteLine($"PostConfirmation: cold local invoke, a fresh process per run ({runs} runs; JIT, no ReadyToRun; production ctor from environment variables)");
        for (var run = 0; run < runs; run++)
        {
            var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
            // Under `dotnet x.dll` the process is the host and needs the assembly; the apphost does not.
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            {
                psi.ArgumentList.Add(typeof(PostConfirmationBenchmark).Assembly.Location);
            }

            psi.ArgumentList.Add("postconfirmation");
            psi.ArgumentList.Add(ColdChildFlag);
            foreach (var (k, v) in aws.ChildEnvironment(new Dictionary<string, string> { ["USERS_TABLE_NAME"] = Table, ["LOG_LEVEL"] = "ERROR" }))
            {
                psi.Environment[k] = v;
            }

            var watch = Stopwatch.StartNew();
            using var child = Process.Start(psi)!;
            var stdout = await child.StandardOutput.ReadToEndAsync();
            var stderr = await child.StandardError.ReadToEndAsync();
            await child.WaitForExitAsync();
            watch.Stop();
            var figures = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("cold:", StringComparison.Ordinal)) ?? $"(child exited {child.ExitCode}: {stderr.Trim()})";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {run + 1}: whole process {watch.Elapsed.TotalMilliseconds:F0} ms; {figures}"));
        }
    }

    private static async Task<int> ColdChildAsync()
    {
        var sub = Guid.NewGuid().ToString();
        var watch = Stopwatch.StartNew();
        var handler = new Handler();
        var init = watch.Elapsed;
        await using (await handler.HandleAsync(new MemoryStream(Event(sub, "PostConfirmation_ConfirmSignUp")), TestInvocation.Context()))
        {
        }

        var first = watch.Elapsed - init;
        await using (await handler.HandleAsync(new MemoryStream(Event(sub, "PostConfirmation_ConfirmSignUp")), TestInvocation.Context()))
        {
        }

        var second = watch.Elapsed - init - first;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"cold: init (parameterless ctor) {init.TotalMilliseconds:F0} ms, first invoke {first.TotalMilliseconds:F0} ms, second invoke {second.TotalMilliseconds:F0} ms"));
        return 0;
    }

    private static byte[] Event(string sub, string source) => Encoding.UTF8.GetBytes(
        $$$"""{"version":"1","triggerSource":"{{{source}}}","region":"us-east-1","userPoolId":"us-east-1_BENCH","userName":"{{{sub}}}","callerContext":{"awsSdkVersion":"x","clientId":"c"},"request":{"userAttributes":{"sub":"{{{sub}}}","email":"bench@example.com"}},"response":{}}""");
}
