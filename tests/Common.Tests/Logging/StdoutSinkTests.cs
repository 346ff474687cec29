using System.Text.Json;
using LambdaSuite.Common.Logging;
using Xunit;

namespace LambdaSuite.Common.Tests.Logging;

public sealed class StdoutSinkTests
{
    [Fact]
    public async Task Concurrent_writers_never_interleave_lines()
    {
        using var stream = new MemoryStream();
        var log = new JsonLog(new StdoutSink(stream), "f");

        await Parallel.ForEachAsync(Enumerable.Range(0, 400), (i, _) =>
        {
            log.Info("line", ("i", i), ("padding", new string('x', 200)));
            return ValueTask.CompletedTask;
        });

        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(400, lines.Length);
        var seen = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("i").GetInt32()).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 400), seen);
    }
}
