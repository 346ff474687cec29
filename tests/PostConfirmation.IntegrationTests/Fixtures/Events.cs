using System.Text;

namespace PostConfirmation.IntegrationTests.Fixtures;

internal static class Events
{
    /// <summary>A realistic post-confirmation event (shape of AWS's sample, with every field a real one carries).</summary>
    public static byte[] Confirmation(string sub, string triggerSource = "PostConfirmation_ConfirmSignUp", string extraAttributes = "")
        => Encoding.UTF8.GetBytes($$"""
        {
            "version": "1",
            "triggerSource": "{{triggerSource}}",
            "region": "us-east-1",
            "userPoolId": "us-east-1_EXAMPLE1",
            "userName": "{{sub}}",
            "callerContext": {
                "awsSdkVersion": "aws-sdk-unknown-unknown",
                "clientId": "1example23456789"
            },
            "request": {
                "userAttributes": {
                    "sub": "{{sub}}",{{extraAttributes}}
                    "cognito:user_status": "CONFIRMED",
                    "email_verified": "true",
                    "email": "user+{{sub}}@example.com"
                },
                "clientMetadata": {
                    "exampleMetadataKey": "example metadata value"
                }
            },
            "response": {}
        }
        """);
}
