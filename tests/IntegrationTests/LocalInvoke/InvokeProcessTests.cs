using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.IntegrationTests.LocalInvoke;

/// <summary>
/// Through <c>infra/local/invoke</c>, as a user runs it, against the fixture functions in
/// tests/IntegrationTests/Fixtures (built by the tool on first use).
/// </summary>
public sealed class InvokeProcessTests
{
    [Fact]
    public async Task Redirected_stdout_holds_exactly_the_response_and_logs_go_to_stderr()
    {
        var payload = "{\"id\":42,\"text\":\"grüße\",\"nested\":{\"a\":[1,2]}}";
        var eventFile = LocalInvokeCli.TempFile(payload);
        var outFile = Path.ChangeExtension(LocalInvokeCli.TempFile(string.Empty), ".out.json");
        var errFile = outFile + ".err";
        // Literally `invoke ... > out.json`: the shell, not a pipe in this test, owns stdout.
        var psi = new ProcessStartInfo("bash", ["-c", "\"$0\" -t \"$1\" --no-stack EchoFunction -e \"$2\" >\"$3\" 2>\"$4\"",
            LocalInvokeCli.Script, LocalInvokeCli.FixtureTemplate, eventFile, outFile, errFile]);
        using var process = Process.Start(psi)!;
        await process.WaitForExitAsync();

        var stderr = await File.ReadAllTextAsync(errFile);
        Assert.True(process.ExitCode == 0, stderr);
        Assert.Equal(Encoding.UTF8.GetBytes(payload), await File.ReadAllBytesAsync(outFile));
        var logLine = stderr.Split('\n').Single(l => l.Contains("echo-fixture-log-line", StringComparison.Ordinal));
        Assert.Equal("INFO", JsonDocument.Parse(logLine).RootElement.GetProperty("level").GetString());
        Assert.Contains("echo-fixture-console-line", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_response_lands_between_what_the_calling_script_writes_before_and_after()
    {
        var eventFile = LocalInvokeCli.TempFile("{\"n\":1}");
        var outFile = Path.ChangeExtension(LocalInvokeCli.TempFile(string.Empty), ".out.txt");
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
    public async Task A_constructor_exception_is_an_init_error_with_exit_code_3()
    {
        var result = await LocalInvokeCli.FixtureAsync("CtorFailsFunction");

        Assert.True(result.ExitCode == 3, result.ToString());
        var error = result.Json();
        Assert.Equal("InvalidOperationException", error.GetProperty("errorType").GetString());
        Assert.Equal("FIXTURE_SETTING is required: expected a value", error.GetProperty("errorMessage").GetString());
        Assert.DoesNotContain("START RequestId", result.Stderr, StringComparison.Ordinal); // never invoked
    }

    [Fact]
    public async Task A_handler_exception_is_a_function_error_with_exit_code_1()
    {
        var result = await LocalInvokeCli.FixtureAsync("HandlerFailsFunction", "-e", LocalInvokeCli.TempFile("{}"));

        Assert.True(result.ExitCode == 1, result.ToString());
        var error = result.Json();
        Assert.Equal("ArgumentException", error.GetProperty("errorType").GetString());
        Assert.Equal("fixture.field=\"bad\" is invalid: expected good", error.GetProperty("errorMessage").GetString());
        var frames = error.GetProperty("stackTrace").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Contains(frames, f => f.Contains("ThrowingHandler.HandleAsync", StringComparison.Ordinal));
        Assert.DoesNotContain(frames, f => f.Contains("LambdaSuite.LocalInvoke", StringComparison.Ordinal));
        Assert.Contains("throwing-fixture-console-line", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BadFormatFunction", "EchoFunction.LambdaSuite.Fixtures.Echo.EchoHandler.HandleAsync", "is not of the form Assembly::Namespace.Type::Method")]
    [InlineData("MissingAssemblyFunction", "NoSuchAssembly::LambdaSuite.Fixtures.Echo.EchoHandler::HandleAsync", "assembly \"NoSuchAssembly\" was not found")]
    [InlineData("MissingTypeFunction", "EchoFunction::LambdaSuite.Fixtures.Echo.NoSuchHandler::HandleAsync", "type \"LambdaSuite.Fixtures.Echo.NoSuchHandler\" was not found")]
    [InlineData("MissingMethodFunction", "EchoFunction::LambdaSuite.Fixtures.Echo.EchoHandler::NoSuchMethod", "method \"NoSuchMethod\" was not found")]
    [InlineData("WrongSignatureFunction", "EchoFunction::LambdaSuite.Fixtures.Echo.WrongSignatureHandler::HandleAsync", "wrong signature (String HandleAsync(String))")]
    [InlineData("NoConstructorFunction", "EchoFunction::LambdaSuite.Fixtures.Echo.NoDefaultConstructorHandler::HandleAsync", "no public parameterless constructor")]
    public async Task A_handler_string_that_does_not_resolve_names_the_string_and_the_part_with_exit_code_2(string function, string handler, string part)
    {
        var result = await LocalInvokeCli.FixtureAsync(function);

        Assert.True(result.ExitCode == 2, result.ToString());
        var error = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("local invoke: error:", StringComparison.Ordinal));
        Assert.Contains($"handler \"{handler}\"", error, StringComparison.Ordinal);
        Assert.Contains(part, error, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
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
        var envFile = LocalInvokeCli.TempFile("""
            {
              "Parameters": { "LOG_LEVEL": "DEBUG", "FROM_FILE": "all", "FROM_FILE_FUNCTION": "all", "NOT_IN_TEMPLATE": "x" },
              "EnvFunction": { "FROM_FILE_FUNCTION": "mine" }
            }
            """);
        var result = await LocalInvokeCli.RunAsync(
            ["EnvFunction", "-t", LocalInvokeCli.FixtureTemplate, "--no-stack", "-n", envFile, "--parameter-overrides", "Stage=prod"],
            new Dictionary<string, string> { ["LOG_LEVEL"] = "ERROR", ["CALLER_ONLY"] = "leak", ["AWS_PROFILE"] = "real-account" });

        Assert.True(result.ExitCode == 0, result.ToString());
        var env = result.Json().EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
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
        Assert.Equal("AWS_Lambda_dotnet10", env["AWS_EXECUTION_ENV"]);
        Assert.Equal("EchoFunction::LambdaSuite.Fixtures.Echo.EnvHandler::HandleAsync", env["_HANDLER"]);
        Assert.Equal(("us-east-1", "us-east-1"), (env["AWS_REGION"], env["AWS_DEFAULT_REGION"]));
        Assert.Equal("1", env["fixture.constructed"]);         // the runtime constructs the handler once
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
