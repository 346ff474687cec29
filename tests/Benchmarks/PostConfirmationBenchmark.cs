using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.PostConfirmation;
using LambdaSuite.PostConfirmation.Aws;
using LambdaSuite.TestSupport;

namespace LambdaSuite.Benchmarks;

/// <summary>
/// PostConfirmation figures against a private local stack: DynamoDB HTTP requests per confirmation
/// (counted below the SDK, so retries would show). Cold starts: the <c>coldstart</c> benchmark.
/// </summary>
internal static class PostConfirmationBenchmark
{
    private const string Table = "lambdasuite-users";

    internal static async Task<int> RunAsync(string[] args)
    {
        var confirmations = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 50;
        var aws = new LocalAws();
        await aws.InitializeAsync();
        try
        {
            await CountCallsAsync(aws, confirmations);
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
        var settings = new PostConfirmationSettings { TableName = Table };
        var config = AwsClientFactory.Config<AmazonDynamoDBConfig>("DYNAMODB", settings.DynamoDbLimits, new EnvironmentReader(_ => null));
        config.HttpClientFactory = counter;
        config.ServiceURL = aws.DynamoDbEndpoint.ToString();
        config.AuthenticationRegion = aws.Region;
        // The production clock: the benchmark times real calls.
        var time = TimeProvider.System;
        var handler = new Handler(
            settings,
            new DynamoDbProfileStore(new AmazonDynamoDBClient(new BasicAWSCredentials(aws.AccessKey, aws.SecretKey), config), settings, time),
            new JsonLog(new MemorySink(), "PostConfirmation"),
            new EmfMetrics(new MemorySink(), "Bench", "PostConfirmation"),
            time);

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

        Console.WriteLine("  (dynalite returns no item with a failed condition, so a repeat also reads it once; DynamoDB returns it: 1 request)");
    }

    private static byte[] Event(string sub, string source) => Encoding.UTF8.GetBytes(
        $$$"""{"version":"1","triggerSource":"{{{source}}}","region":"us-east-1","userPoolId":"us-east-1_BENCH","userName":"{{{sub}}}","callerContext":{"awsSdkVersion":"x","clientId":"c"},"request":{"userAttributes":{"sub":"{{{sub}}}","email":"bench@example.com"}},"response":{}}""");
}
