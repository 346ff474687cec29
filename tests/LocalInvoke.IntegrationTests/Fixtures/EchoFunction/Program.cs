using System.Collections;
using System.Globalization;
using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.Common.Aws.Tls;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Invocation;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Runtime;

// The functions' runtime loop around a handler that does only what FIXTURE_MODE names. The
// default, echo, returns the event untouched: the baseline every function's cold start is held to.
// request-echo first makes one GET to the local stack's DynamoDB endpoint through the functions' own
// transport and trust (AwsHttp): the floor of a function whose first AWS call is over HTTP or HTTPS.
// default-trust answers whether .NET's default trust (no policy of ours) accepts the stack's certificate.
return await LambdaRuntime.RunAsync("Fixture", () => new FixtureHandler(Environment.GetEnvironmentVariable("FIXTURE_MODE") ?? "echo"));

internal sealed class FixtureHandler : IInvocationHandler, IDisposable
{
    private readonly string _mode;
    private readonly HttpClient? _http;

    public FixtureHandler(string mode)
    {
        _mode = mode;
        if (mode == "request-echo")
        {
            _http = new HttpClient(AwsHttp.Transport(new EnvironmentReader()));
        }

        switch (mode)
        {
            case "init-error":
                throw new InvalidOperationException("FIXTURE_SETTING is required: expected a value");
            case "exit-in-init":
                Environment.Exit(7);
                break;
            case not ("echo" or "log-echo" or "env" or "throw" or "sleep" or "exit" or "request-echo" or "tls-phases" or "default-trust"):
                throw new InvalidOperationException($"FIXTURE_MODE=\"{mode}\" is unknown");
        }
    }

    public void Dispose() => _http?.Dispose();

    public async Task<Stream> HandleAsync(Stream input, InvocationContext context)
    {
        switch (_mode)
        {
            case "log-echo":
                // One line through Common's logger (raw stdout, like the functions) and one through Console.
                FunctionTelemetry.FromEnvironment(new EnvironmentReader(), "Echo").Log.Info("echo-fixture-log-line", ("bytes", input.Length));
                Console.WriteLine("echo-fixture-console-line");
                return input;
            case "env":
                return Describe(context);
            case "request-echo":
                using (var response = await _http!.GetAsync(new Uri(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB") + "/")))
                {
                    response.EnsureSuccessStatusCode();
                }

                return input;
            case "tls-phases":
                return await TlsPhases.MeasureAsync();
            case "default-trust":
                return new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TlsPhases.DefaultTrustAccepts() ? "true" : "false"));
            case "throw":
                Console.WriteLine("throwing-fixture-console-line");
                throw new ArgumentException("fixture.field=\"bad\" is invalid: expected good");
            case "sleep":
                Console.WriteLine($"sleeping-fixture-pid={System.Environment.ProcessId}");
                await Task.Delay(TimeSpan.FromMinutes(5));
                Console.WriteLine("sleeping-fixture-woke-up");
                return input;
            case "exit":
                System.Environment.Exit(9);
                return input;
            default:
                return input;
        }
    }

    /// <summary>The process environment and the invocation as the handler sees them, as one JSON object.</summary>
    private static MemoryStream Describe(InvocationContext context)
    {
        var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            foreach (var entry in System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().OrderBy(e => (string)e.Key, StringComparer.Ordinal))
            {
                json.WriteString((string)entry.Key, (string?)entry.Value);
            }

            json.WriteString("context.requestId", context.RequestId);
            json.WriteString("context.invokedFunctionArn", context.InvokedFunctionArn);
            json.WriteString("context.deadlineMs", context.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            json.WriteString("context.traceId", context.TraceId);
            json.WriteBoolean("context.coldStart", context.ColdStart);
            json.WriteEndObject();
        }

        output.Position = 0;
        return output;
    }
}
