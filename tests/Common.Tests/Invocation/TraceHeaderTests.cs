using LambdaSuite.Common.Invocation;
using Xunit;

namespace LambdaSuite.Common.Tests.Invocation;

public sealed class TraceHeaderTests
{
    [Theory]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", "1-5759e988-bd862e3fe1be46a994272793", true)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0", "1-5759e988-bd862e3fe1be46a994272793", false)]
    [InlineData("Parent=53995c3f42cd8ad8; Root=1-5759e988-bd862e3fe1be46a994272793 ;Sampled=1;Lineage=a87bd80c:1", "1-5759e988-bd862e3fe1be46a994272793", true)]
    [InlineData("Root=;Sampled=1", null, true)]
    [InlineData("Parent=53995c3f42cd8ad8", null, false)]
    [InlineData("", null, false)]
    [InlineData(null, null, false)]
    public void The_root_is_the_trace_id_and_Sampled_1_says_it_is_recorded(string? header, string? root, bool sampled)
        => Assert.Equal(new TraceHeader(root, sampled), TraceHeader.Parse(header));
}
