using System.Text;
using System.Text.Json.Nodes;

namespace PostConfirmation.Tests.Fixtures;

/// <summary>The published sample events (see README.md here), and AWS's sample completed as a real event is.</summary>
internal static class TestEvents
{
    public static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>AWS's sample with its placeholders, plus what a real event always has and the sample lacks.</summary>
    public static byte[] AwsSampleWithSub(string sub, string triggerSource = "PostConfirmation_ConfirmSignUp", Action<JsonObject>? change = null)
    {
        var node = JsonNode.Parse(Load("aws-sample-confirm-signup.json"))!.AsObject();
        node["triggerSource"] = triggerSource;
        node["request"]!["userAttributes"]!["sub"] = sub;
        change?.Invoke(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }
}
