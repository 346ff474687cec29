using System.Net;
using System.Net.Sockets;
using System.Text;
using LambdaSuite.Preflight;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Ops.IntegrationTests.Preflight;

/// <summary>
/// infra/ops/preflight --function against a stand-in for Lambda's Invoke endpoint on 127.0.0.1
/// (AWS_ENDPOINT_URL_LAMBDA): the request as it leaves the tool (synchronous, signed, the preflight
/// event), and what the tool makes of each answer. The checklist itself is the function's, tested
/// with it; here the answers are canned.
/// </summary>
public sealed class DeployedPreflightTests
{
    private const string Function = "arn:aws:lambda:eu-west-1:111111111111:function:lambdasuite-dev-LogShipper";

    private const string Failing = """
        {"result":"fail","source":"s3://a/preflight/canary","checks":[
          {"name":"source-canary-written","status":"pass","detail":"wrote it"},
          {"name":"destination-bucket-exists","status":"pass","detail":"it does"},
          {"name":"copy-allowed","status":"fail","detail":"S3 refused the copy: AccessDenied (403) \"Access Denied\"","fix":"(1) … (2) add {\"Sid\":\"LogShipperWritesUnderPrefix\"}"},
          {"name":"encryption-as-configured","status":"skipped","detail":"not reached"},
          {"name":"kms-key-usable","status":"skipped","detail":"not reached"}]}
        """;

    private const string Passing = """{"result":"pass","source":"s3://a/preflight/canary","checks":[{"name":"source-canary-written","status":"pass","detail":"wrote it"},{"name":"destination-bucket-exists","status":"pass","detail":"it does"},{"name":"copy-allowed","status":"pass","detail":"copied"},{"name":"encryption-as-configured","status":"pass","detail":"SSE-S3"},{"name":"kms-key-usable","status":"skipped","detail":"no key"}]}""";

    [Fact]
    public async Task The_function_is_invoked_synchronously_with_the_preflight_event_signed_for_its_Region()
    {
        using var lambda = new FakeLambda(HttpStatusCode.OK, Passing);

        var result = await PreflightAsync(lambda, "--function", Function);

        Assert.True(result.Exit == 0, result.ToString());
        var request = Assert.Single(lambda.Requests);
        Assert.Equal($"POST /2015-03-31/functions/{Uri.EscapeDataString(Function)}/invocations", request.Line);
        Assert.Equal("RequestResponse", request.Headers["X-Amz-Invocation-Type"]);
        Assert.Contains("/eu-west-1/lambda/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("""{"preflight": true}""", request.Body);
        Assert.Contains("LogShipper preflight of " + Function, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_check_exits_1_and_the_table_carries_its_fix_and_json_is_the_answer_as_given()
    {
        using var lambda = new FakeLambda(HttpStatusCode.OK, Failing);

        var table = await PreflightAsync(lambda, "--function", Function);
        var json = await PreflightAsync(lambda, "--function", Function, "--json");

        Assert.Equal(1, table.Exit);
        Assert.Equal(("fail", "S3 refused the copy: AccessDenied (403) \"Access Denied\""), PreflightCommandTests.TableRows(table.Stdout)["copy-allowed"]);
        Assert.Contains("fix for copy-allowed: (1) … (2) add {\"Sid\":\"LogShipperWritesUnderPrefix\"}", table.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("result: fail (2 passed, 1 failed, 0 unknown, 2 skipped)", table.Stdout.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal((1, Failing.TrimEnd() + "\n"), (json.Exit, json.Stdout));
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, """{"errorType":"Runtime.InitError","errorMessage":"DESTINATION_BUCKET_OWNER is required"}""", "Unhandled", "function error (Unhandled)")]
    [InlineData(HttpStatusCode.NotFound, """{"Message":"Function not found"}""", null, "ResourceNotFoundException (404)")]
    [InlineData(HttpStatusCode.OK, """{"shipped":[],"skipped":[],"failed":[]}""", null, "answered no preflight checklist")]
    [InlineData(HttpStatusCode.OK, """{"checks":[]}""", null, "answered no preflight checklist: expected the checks source-canary-written, destination-bucket-exists, copy-allowed, encryption-as-configured, kms-key-usable, each once; missing or repeated: source-canary-written, destination-bucket-exists, copy-allowed, encryption-as-configured, kms-key-usable")]
    [InlineData(HttpStatusCode.OK, """{"checks":[{"name":"source-canary-written","status":"pass","detail":"wrote it"},{"name":"kms-key-usable","status":"skipped","detail":"no key"}]}""", null, "missing or repeated: destination-bucket-exists, copy-allowed, encryption-as-configured")]
    public async Task A_function_error_a_Lambda_refusal_or_an_answer_without_checks_exits_1_with_one_line(HttpStatusCode status, string body, string? functionError, string message)
    {
        using var lambda = new FakeLambda(status, body, functionError);

        var result = await PreflightAsync(lambda, "--function", Function);

        Assert.Equal((1, string.Empty), (result.Exit, result.Stdout));
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("preflight: error:", StringComparison.Ordinal));
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_words_are_coloured_only_on_a_terminal_without_NO_COLOR()
    {
        var checklist = Checklist.Parse(Failing);
        var plain = ChecklistTable.Render(checklist, "f", colour: false);
        var coloured = ChecklistTable.Render(checklist, "f", colour: true);

        Assert.DoesNotContain('\u001b', plain);
        Assert.Contains("\u001b[31mfail     \u001b[0m", coloured, StringComparison.Ordinal);
        Assert.Contains("\u001b[32mpass     \u001b[0m", coloured, StringComparison.Ordinal);
        Assert.Equal(plain, coloured.Replace("\u001b[31m", "", StringComparison.Ordinal).Replace("\u001b[32m", "", StringComparison.Ordinal).Replace("\u001b[2m", "", StringComparison.Ordinal).Replace("\u001b[0m", "", StringComparison.Ordinal));
        Assert.True(ChecklistTable.UseColour(outputRedirected: false, _ => null));
        Assert.False(ChecklistTable.UseColour(outputRedirected: true, _ => null));
        Assert.False(ChecklistTable.UseColour(outputRedirected: false, name => name == "NO_COLOR" ? "1" : null));
        Assert.False(ChecklistTable.UseColour(outputRedirected: false, name => name == "TERM" ? "dumb" : null));
    }

    private static Task<(int Exit, string Stdout, string Stderr)> PreflightAsync(FakeLambda lambda, params string[] args)
        => ScriptRun.RunAsync(RepositoryPaths.Combine("infra", "ops", "preflight"), args, new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_LAMBDA"] = lambda.Url, ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE", ["AWS_SECRET_ACCESS_KEY"] = "secret",
        });

    internal sealed record Received(string Line, Dictionary<string, string> Headers, string Body);

    /// <summary>Answers every request with one canned status and body, as Lambda's Invoke does (with X-Amz-Function-Error for a function error).</summary>
    private sealed class FakeLambda : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        public FakeLambda(HttpStatusCode status, string body, string? functionError = null)
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _serving = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }

                    using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                    var headers = context.Request.Headers.AllKeys.ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
                    var received = new Received($"{context.Request.HttpMethod} {context.Request.RawUrl}", headers, await reader.ReadToEndAsync());
                    lock (Requests)
                    {
                        Requests.Add(received);
                    }

                    context.Response.StatusCode = (int)status;
                    if (functionError is not null)
                    {
                        context.Response.Headers["X-Amz-Function-Error"] = functionError;
                    }

                    if (status == HttpStatusCode.NotFound)
                    {
                        context.Response.Headers["x-amzn-ErrorType"] = "ResourceNotFoundException:http://internal.amazon.com/";
                    }

                    var bytes = Encoding.UTF8.GetBytes(body);
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public List<Received> Requests { get; } = [];

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
