using System.Text.Json;
using LambdaSuite.LocalInvoke.IntegrationTests.Fixtures;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.LocalInvoke.IntegrationTests.LocalInvoke;

/// <summary>
/// The real template.yaml and function, against the running local stack. Asserts only the shape of
/// the outcome, so it holds for today's placeholder handler and for the real one when it lands.
/// </summary>
[Collection(LocalAwsGroup.Name)]
public sealed class RealTemplateInvokeTests(LocalAws aws)
{
    [Fact]
    public async Task PostConfirmation_is_invoked_through_its_handler_using_the_running_stack()
    {
        var cognitoEvent = ScriptRun.TempFile("""
            {
              "version": "1", "region": "us-east-1", "userPoolId": "us-east-1_local",
              "userName": "local-invoke-test", "triggerSource": "PostConfirmation_ConfirmSignUp",
              "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "local" },
              "request": { "userAttributes": { "sub": "00000000-0000-4000-8000-000000000001", "email": "someone@example.com", "email_verified": "true" } },
              "response": {}
            }
            """);

        var result = await LocalInvokeCli.RunAsync(
            ["PostConfirmationFunction", "-e", cognitoEvent],
            new Dictionary<string, string> { ["LAMBDASUITE_STACK_DIR"] = aws.StateDirectory });

        Assert.DoesNotContain("starting it with `stack up`", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("START RequestId", result.Stderr, StringComparison.Ordinal); // init succeeded
        Assert.True(result.ExitCode is 0 or 1, result.ToString());
        var response = result.Json();
        if (result.ExitCode == 1)
        {
            // A function error in Lambda's shape, raised from (or under) the handler method.
            Assert.Equal(JsonValueKind.String, response.GetProperty("errorType").ValueKind);
            Assert.Equal(JsonValueKind.String, response.GetProperty("errorMessage").ValueKind);
            Assert.Contains(response.GetProperty("stackTrace").EnumerateArray(), f => f.GetString()!.Contains("HandleAsync", StringComparison.Ordinal));
        }
    }
}
