using LambdaSuite.Common.Aws;
using Xunit;

namespace LambdaSuite.Common.Tests.Aws;

public sealed class ConditionalWriteTests
{
    private static Dictionary<string, string> Item(string token) => new(StringComparer.Ordinal) { ["token"] = token };

    private static string? Token(Dictionary<string, string> item) => item.GetValueOrDefault("token");

    [Fact]
    public async Task The_item_returned_with_the_failure_decides_without_a_read()
    {
        var reads = 0;

        var (ours, item) = await ConditionalWrite.WasOursAsync(Item("mine"), _ => { reads++; return Task.FromResult<Dictionary<string, string>?>(null); }, Token, "mine", default);

        Assert.True(ours);
        Assert.Equal("mine", Token(item!));
        Assert.Equal(0, reads);
    }

    [Fact]
    public async Task Without_a_returned_item_one_read_decides()
    {
        var reads = 0;

        var (ours, item) = await ConditionalWrite.WasOursAsync([], _ => { reads++; return Task.FromResult<Dictionary<string, string>?>(Item("theirs")); }, Token, "mine", default);

        Assert.False(ours);
        Assert.Equal("theirs", Token(item!));
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task An_item_gone_by_the_read_is_not_ours()
    {
        var (ours, item) = await ConditionalWrite.WasOursAsync(null, _ => Task.FromResult<Dictionary<string, string>?>(null), Token, "mine", default);

        Assert.False(ours);
        Assert.Null(item);
    }
}
