using System.Text.RegularExpressions;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Template.Tests.Template;

/// <summary>What template.yaml's parameter descriptions tell the person deploying it matches what the functions do.</summary>
public sealed class ParameterDescriptionTests
{
    // TlsTrust (functions/Common/Aws/Tls): system checks the OS store first, then TLS_TRUST_FILE.
    [Fact]
    public void TlsTrustStore_says_that_system_checks_the_OS_store_then_TLS_TRUST_FILE()
    {
        var description = (string)CfnYaml.LoadFile(RepositoryPaths.Combine("template.yaml"))["Parameters"]!["TlsTrustStore"]!["Description"]!;

        Assert.Matches(new Regex("system = the OS store, then TLS_TRUST_FILE"), description);
        Assert.Matches(new Regex("amazon = [^;]*TLS_TRUST_FILE, then the OS store"), description);
    }
}
