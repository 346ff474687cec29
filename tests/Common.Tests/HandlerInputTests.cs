using Xunit;

namespace LambdaSuite.Common.Tests;

public sealed class HandlerInputTests
{
    [Fact]
    public async Task Reads_the_whole_payload_from_a_memory_stream_and_from_any_other_stream()
    {
        var payload = System.Text.Encoding.UTF8.GetBytes("{\"a\":1}");

        Assert.Equal(payload, await HandlerInput.ReadAllAsync(new MemoryStream(payload)));
        Assert.Equal(payload, await HandlerInput.ReadAllAsync(new BufferedStream(new MemoryStream(payload), 2)));
    }

    [Fact]
    public async Task A_partly_read_memory_stream_yields_the_rest()
    {
        var stream = new MemoryStream("xyz{}"u8.ToArray()) { Position = 3 };

        Assert.Equal("{}"u8.ToArray(), await HandlerInput.ReadAllAsync(stream));
    }
}
