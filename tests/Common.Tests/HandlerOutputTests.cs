using LambdaSuite.Common.Tests.Fixtures;
using Xunit;

namespace LambdaSuite.Common.Tests;

public sealed class HandlerOutputTests
{
    [Fact]
    public async Task The_response_stream_starts_at_position_zero()
    {
        var stream = await HandlerOutput.JsonAsync(new Dictionary<string, string> { ["action"] = "stopped" }, TestJsonContext.Default.DictionaryStringString);

        Assert.Equal(0, stream.Position);
        Assert.Equal("""{"action":"stopped"}""", await new StreamReader(stream).ReadToEndAsync());
    }
}
