using System.Reflection;
using System.Text.Json.Nodes;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.IntegrationTests.Template;

/// <summary>Every Handler string in template.yaml names a method the managed runtime can call.</summary>
public sealed class HandlerResolutionTests
{
    private static List<string> FunctionIds()
        => [.. CloudFormationYaml.Load(RepositoryPaths.Combine("template.yaml"))["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == "AWS::Serverless::Function")
            .Select(r => r.Key)];

    public static TheoryData<string> Functions() => [.. FunctionIds()];

    [Fact]
    public void The_template_declares_the_three_functions()
        => Assert.Equal(["LogShipperFunction", "PostConfirmationFunction", "RemediatorFunction"], FunctionIds().Order());

    [Theory]
    [MemberData(nameof(Functions))]
    public void Handler_resolves_to_Task_of_Stream_taking_Stream(string logicalId)
    {
        var properties = CloudFormationYaml.Load(RepositoryPaths.Combine("template.yaml"))["Resources"]![logicalId]!["Properties"]!;
        var handler = (string)properties["Handler"]!;
        var parts = handler.Split("::");
        Assert.True(parts.Length == 3, $"Handler \"{handler}\" is not Assembly::Namespace.Type::Method");

        var codeUri = (string)properties["CodeUri"]!;
        Assert.True(File.Exists(RepositoryPaths.Combine(codeUri, parts[0] + ".csproj")), $"CodeUri {codeUri} has no {parts[0]}.csproj");

        var type = Assembly.Load(parts[0]).GetType(parts[1], throwOnError: false);
        Assert.True(type is not null, $"Handler \"{handler}\": type {parts[1]} not found in {parts[0]}");
        Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
        var method = type.GetMethod(parts[2], BindingFlags.Public | BindingFlags.Instance, [typeof(Stream)]);
        Assert.True(method is not null, $"Handler \"{handler}\": no public instance method {parts[2]}(Stream)");
        Assert.Equal(typeof(Task<Stream>), method.ReturnType);
    }
}
