using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LambdaSuite.LocalInvoke.IntegrationTests.Fixtures;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.LocalInvoke.IntegrationTests.LocalInvoke;

/// <summary>
/// Through <c>infra/local/invoke</c>, as a user runs it, against the fixture bootstrap in
/// tests/LocalInvoke.IntegrationTests/Fixtures (published by the tool on first use).
/// </summary>
public sealed class InvokeProcessTests
{
    [Fact]
    public async Task Redirected_stdout_holds_exactly_the_response_and_logs_and_Lambdas_lines_go_to_stderr_in_order()
    {
        var payload = "{\"id\":42,\"text\":\"grüße\",\"nested\":{\"a\":[1,2]}}";
        var eventFile = ScriptRun.TempFile(payload);
        var outFile = Path.ChangeExtension(ScriptRun.TempFile(string.Empty), ".out.json");
        var errFile = outFile + ".err";
        // Literally `invoke ... > out.json`: the shell, not a pipe in this test, owns stdout.
        var psi = new ProcessStartInfo("bash", ["-c", "\"$0\" -t \"$1\" --no-stack LoggingEchoFunction -e \"$2\" >\"$3\" 2>\"$4\"",
            LocalInvokeCli.Script, LocalInvokeCli.FixtureTemplate, eventFile, outFile, errFile]);
        using var process = Process.Start(psi)!;
        await process.WaitForExitAsync();

        var stderr = await File.ReadAllTextAsync(errFile);
        Assert.True(process.ExitCode == 0, stderr);
        Assert.Equal(Encoding.UTF8.GetBytes(payload), await File.ReadAllBytesAsync(outFile));
        var lines = stderr.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("START RequestId: ", StringComparison.Ordinal));
        var log = Array.FindIndex(lines, l => l.Contains("echo-fixture-log-line", StringComparison.Ordinal));
        var console = Array.FindIndex(lines, l => l == "echo-fixture-console-line");
        var end = Array.FindIndex(lines, l => l.StartsWith("END RequestId: ", StringComparison.Ordinal));
        Assert.True(start >= 0 && start < log && start < console && log < end && console < end && end + 1 < lines.Length, stderr);
        var requestId = lines[start]["START RequestId: ".Length..].Split(' ')[0];
        Assert.Equal($"START RequestId: {requestId} Version: $LATEST", lines[start]);
        Assert.Equal($"END RequestId: {requestId}", lines[end]);
        Assert.Matches(
            $@"^REPORT RequestId: {requestId}\tDuration: [0-9]+\.[0-9]{{2}} ms\tBilled Duration: [0-9]+ ms\tMemory Size: 512 MB\tMax Memory Used: [1-9][0-9]* MB\tInit Duration: [0-9]+\.[0-9]{{2}} ms$",
            lines[end + 1]);
        using var logLine = JsonDocument.Parse(lines[log]);
        Assert.Equal(("INFO", requestId), (logLine.RootElement.GetProperty("level").GetString(), logLine.RootElement.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task The_response_lands_between_what_the_calling_script_writes_before_and_after()
    {
        var eventFile = ScriptRun.TempFile("{\"n\":1}");
        var outFile = Path.ChangeExtension(ScriptRun.TempFile(string.Empty), ".out.txt");
        // One file shared with the calling shell, as in `./infra/local/demo > demo.txt`: the
        // response must advance the shared file offset, or the script's next write overwrites it.
        var psi = new ProcessStartInfo("bash", ["-c", "{ echo before; \"$0\" -t \"$1\" --no-stack EchoFunction -e \"$2\"; echo; echo after; } >\"$3\" 2>/dev/null",
            LocalInvokeCli.Script, LocalInvokeCli.FixtureTemplate, eventFile, outFile]);
        using var process = Process.Start(psi)!;
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("before\n{\"n\":1}\nafter\n", await File.ReadAllTextAsync(outFile));
    }

    [Fact]
    public async Task An_init_error_reported_by_the_runtime_is_exit_code_3_with_its_error_on_stdout()
    {
        var result = await LocalInvokeCli.FixtureAsync("InitFailsFunction");

        Assert.True(result.ExitCode == 3, result.ToString());
        var error = result.Json();
        Assert.Equal("InvalidOperationException", error.GetProperty("errorType").GetString());
        Assert.Equal("FIXTURE_SETTING is required: expected a value", error.GetProperty("errorMessage").GetString());
        Assert.Contains(result.Stderr.Split('\n'), l => l.StartsWith("INIT_REPORT Init Duration: ", StringComparison.Ordinal) && l.EndsWith("Status: error\tError Type: Runtime.InitError", StringComparison.Ordinal));
        Assert.DoesNotContain("START RequestId", result.Stderr, StringComparison.Ordinal); // never invoked
    }

    [Fact]
    public async Task A_runtime_that_exits_before_asking_for_an_event_is_an_init_error()
    {
        var result = await LocalInvokeCli.FixtureAsync("ExitsInInitFunction");

        Assert.True(result.ExitCode == 3, result.ToString());
        var error = result.Json();
        Assert.Equal("Runtime.ExitError", error.GetProperty("errorType").GetString());
        Assert.Equal("Error: Runtime exited with error: exit status 7", error.GetProperty("errorMessage").GetString());
        Assert.Contains("Status: error\tError Type: Runtime.ExitError", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_exception_is_a_function_error_with_exit_code_1()
    {
        var result = await LocalInvokeCli.FixtureAsync("HandlerFailsFunction", "-e", ScriptRun.TempFile("{}"));

        Assert.True(result.ExitCode == 1, result.ToString());
        var error = result.Json();
        Assert.Equal("ArgumentException", error.GetProperty("errorType").GetString());
        Assert.Equal("fixture.field=\"bad\" is invalid: expected good", error.GetProperty("errorMessage").GetString());
        var frames = error.GetProperty("stackTrace").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Contains(frames, f => f.Contains("FixtureHandler", StringComparison.Ordinal) && f.Contains("HandleAsync", StringComparison.Ordinal));
        Assert.Contains("throwing-fixture-console-line", result.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"\nEND RequestId: [0-9a-f-]{36}\nREPORT RequestId: ", result.Stderr);
    }

    [Fact]
    public async Task A_function_over_its_Timeout_is_killed_and_reported_like_Lambda_with_exit_code_1()
    {
        var result = await LocalInvokeCli.FixtureAsync("SlowFunction");

        Assert.True(result.ExitCode == 1, result.ToString());
        var error = result.Json();
        Assert.Equal("Sandbox.Timedout", error.GetProperty("errorType").GetString());
        Assert.EndsWith("Task timed out after 1.00 seconds", error.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Contains(result.Stderr.Split('\n'), l => l.EndsWith("Task timed out after 1.00 seconds", StringComparison.Ordinal));
        Assert.Contains("\tStatus: timeout", result.Stderr, StringComparison.Ordinal);
        // Killed, not left running: the process is gone and never finished its sleep.
        var pid = int.Parse(Regex.Match(result.Stderr, "sleeping-fixture-pid=([0-9]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"bootstrap {pid} still runs");
        Assert.DoesNotContain("sleeping-fixture-woke-up", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runtime_that_exits_during_the_invocation_is_a_function_error()
    {
        var result = await LocalInvokeCli.FixtureAsync("ExitsInInvokeFunction");

        Assert.True(result.ExitCode == 1, result.ToString());
        var error = result.Json();
        Assert.Equal("Runtime.ExitError", error.GetProperty("errorType").GetString());
        Assert.Matches("^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit status 9$", error.GetProperty("errorMessage").GetString());
        Assert.Contains("END RequestId", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_on_a_managed_runtime_is_a_usage_error()
    {
        var result = await LocalInvokeCli.FixtureAsync("ManagedRuntimeFunction");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("local invoke: error: ManagedRuntimeFunction has Runtime \"dotnet10\"", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task A_function_without_a_makefile_build_is_a_usage_error_naming_the_target_sam_would_run()
    {
        var result = await LocalInvokeCli.FixtureAsync("NoBuildMethodFunction");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("NoBuildMethodFunction has no Metadata BuildMethod: makefile", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("build-NoBuildMethodFunction", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_over_6_MiB_is_refused_before_anything_runs()
    {
        var result = await LocalInvokeCli.FixtureAsync("EchoFunction", "-e", ScriptRun.TempFile(new string('x', (6 * 1024 * 1024) + 1)));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("over Lambda's 6291456-byte limit", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("START", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_function_is_a_usage_error_listing_the_functions()
    {
        var result = await LocalInvokeCli.FixtureAsync("NoSuchFunction");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("function NoSuchFunction is not in", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("EchoFunction", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_function_sees_template_env_vars_file_and_runtime_variables_and_nothing_of_the_callers_shell()
    {
        var envFile = ScriptRun.TempFile("""
            {
              "Parameters": { "LOG_LEVEL": "DEBUG", "FROM_FILE": "all", "FROM_FILE_FUNCTION": "all", "NOT_IN_TEMPLATE": "x" },
              "EnvFunction": { "FROM_FILE_FUNCTION": "mine" }
            }
            """);
        var result = await LocalInvokeCli.RunAsync(
            ["EnvFunction", "-t", LocalInvokeCli.FixtureTemplate, "--no-stack", "-n", envFile, "--parameter-overrides", "Stage=prod"],
            new Dictionary<string, string> { ["LOG_LEVEL"] = "ERROR", ["CALLER_ONLY"] = "leak", ["AWS_PROFILE"] = "real-account" });

        Assert.True(result.ExitCode == 0, result.ToString());
        var env = result.Json().EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
        Assert.Equal("DEBUG", env["LOG_LEVEL"]);              // env-vars file over template over caller
        Assert.Equal("all", env["FROM_FILE"]);
        Assert.Equal("mine", env["FROM_FILE_FUNCTION"]);      // function section over Parameters
        Assert.Equal("prod", env["STAGE"]);                   // --parameter-overrides
        Assert.Equal("from-function", env["OVERRIDDEN"]);     // function over Globals
        Assert.Equal("lambdasuite-users", env["TABLE"]);
        Assert.False(env.ContainsKey("NOT_IN_TEMPLATE"));
        Assert.Contains("Parameters.NOT_IN_TEMPLATE ignored", result.Stderr, StringComparison.Ordinal);
        Assert.False(env.ContainsKey("CALLER_ONLY"));
        Assert.False(env.ContainsKey("AWS_PROFILE"));
        Assert.Equal("EnvFunction", env["AWS_LAMBDA_FUNCTION_NAME"]);
        Assert.Equal("256", env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]);
        Assert.Equal("$LATEST", env["AWS_LAMBDA_FUNCTION_VERSION"]);
        Assert.False(env.ContainsKey("AWS_EXECUTION_ENV"));     // not set for OS-only runtimes
        Assert.Equal("bootstrap", env["_HANDLER"]);
        Assert.Equal(("us-east-1", "us-east-1"), (env["AWS_REGION"], env["AWS_DEFAULT_REGION"]));
        Assert.True(File.Exists(Path.Combine(env["LAMBDA_TASK_ROOT"], "bootstrap")), env["LAMBDA_TASK_ROOT"]);
        Assert.Matches(@"^127\.0\.0\.1:[0-9]+$", env["AWS_LAMBDA_RUNTIME_API"]);
    }

    [Fact]
    public async Task The_handler_sees_the_invocation_Lambda_describes_request_id_deadline_arn_and_trace()
    {
        var before = DateTimeOffset.UtcNow;
        var result = await LocalInvokeCli.FixtureAsync("EnvFunction");

        Assert.True(result.ExitCode == 0, result.ToString());
        var context = result.Json();
        var requestId = Regex.Match(result.Stderr, "START RequestId: ([0-9a-f-]{36})").Groups[1].Value;
        Assert.Equal(requestId, context.GetProperty("context.requestId").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:EnvFunction", context.GetProperty("context.invokedFunctionArn").GetString());
        Assert.True(context.GetProperty("context.coldStart").GetBoolean());
        Assert.StartsWith("Root=1-", context.GetProperty("context.traceId").GetString(), StringComparison.Ordinal);
        Assert.Equal(context.GetProperty("context.traceId").GetString(), context.GetProperty("_X_AMZN_TRACE_ID").GetString());
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(context.GetProperty("context.deadlineMs").GetString()!, CultureInfo.InvariantCulture));
        Assert.InRange(deadline, before.AddSeconds(10), DateTimeOffset.UtcNow.AddSeconds(10)); // Globals Timeout: 10
    }

    [Fact]
    public async Task Jit_mode_runs_the_same_Main_from_the_build_through_the_same_Runtime_API()
    {
        var result = await LocalInvokeCli.FixtureAsync("EnvFunction", "--jit");

        Assert.True(result.ExitCode == 0, result.ToString());
        var env = result.Json();
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:EnvFunction", env.GetProperty("context.invokedFunctionArn").GetString());
        Assert.True(File.Exists(Path.Combine(env.GetProperty("LAMBDA_TASK_ROOT").GetString()!, "bootstrap.dll")));
        Assert.Contains("REPORT RequestId: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_stack_is_started_with_up_and_its_exports_reach_the_function()
    {
        var stateDir = Directory.CreateTempSubdirectory("lambdasuite-fakestack-").FullName;
        var script = FakeStack(stateDir, running: false);

        var result = await LocalInvokeCli.RunAsync(
            ["EnvFunction", "-t", LocalInvokeCli.FixtureTemplate, "--stack-script", script],
            new Dictionary<string, string> { ["LAMBDASUITE_STACK_DIR"] = stateDir });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([$"env {stateDir}", $"up {stateDir}"], await File.ReadAllLinesAsync(Path.Combine(stateDir, "calls")));
        var env = result.Json();
        Assert.Equal("http://127.0.0.1:4567", env.GetProperty("AWS_ENDPOINT_URL_DYNAMODB").GetString());
        Assert.Equal("eu-west-1", env.GetProperty("AWS_REGION").GetString());
        Assert.Equal("stack-key", env.GetProperty("AWS_ACCESS_KEY_ID").GetString());
    }

    [Fact]
    public async Task A_running_stack_is_used_as_it_is()
    {
        var stateDir = Directory.CreateTempSubdirectory("lambdasuite-fakestack-").FullName;
        var script = FakeStack(stateDir, running: true);

        var result = await LocalInvokeCli.RunAsync(
            ["EnvFunction", "-t", LocalInvokeCli.FixtureTemplate, "--stack-script", script],
            new Dictionary<string, string> { ["LAMBDASUITE_STACK_DIR"] = stateDir });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([$"env {stateDir}"], await File.ReadAllLinesAsync(Path.Combine(stateDir, "calls")));
        Assert.Equal("http://127.0.0.1:4567", result.Json().GetProperty("AWS_ENDPOINT_URL_DYNAMODB").GetString());
    }

    /// <summary>A stand-in for infra/local/stack that records its calls and prints export lines.</summary>
    private static string FakeStack(string stateDir, bool running)
    {
        var exports = "echo \"export AWS_ENDPOINT_URL_DYNAMODB='http://127.0.0.1:4567'\"; echo 'export AWS_REGION=eu-west-1'; echo 'export AWS_ACCESS_KEY_ID=stack-key'";
        var script = $$"""
            #!/usr/bin/env bash
            echo "$1 $LAMBDASUITE_STACK_DIR" >>"{{stateDir}}/calls"
            case $1 in
              env) {{(running ? exports : "echo 'stack: error: not running' >&2; exit 1")}} ;;
              up) {{exports}} ;;
            esac
            """;
        var path = Path.Combine(stateDir, "fake-stack");
        File.WriteAllText(path, script);
        return path;
    }
}
