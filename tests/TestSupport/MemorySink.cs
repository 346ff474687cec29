using System.Text;
using System.Text.Json;
using LambdaSuite.Common.Logging;

namespace LambdaSuite.TestSupport;

/// <summary>Captures log and EMF lines so tests can assert on exactly what would reach CloudWatch.</summary>
public sealed class MemorySink : ILineSink
{
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public void WriteLine(ReadOnlySpan<byte> utf8Line)
    {
        var line = Encoding.UTF8.GetString(utf8Line);
        lock (_gate)
        {
            _lines.Add(line);
        }
    }

    /// <summary>Every line parsed as JSON (fails the test if one is not pure JSON).</summary>
    public IReadOnlyList<JsonElement> Json() => [.. Lines.Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    /// <summary>EMF documents only (lines that carry an <c>_aws</c> member).</summary>
    public IReadOnlyList<JsonElement> Emf() => [.. Json().Where(e => e.TryGetProperty("_aws", out _))];

    /// <summary>Sum of every value recorded for <paramref name="metric"/> across EMF documents.</summary>
    public double MetricSum(string metric)
    {
        double total = 0;
        foreach (var doc in Emf())
        {
            if (!doc.TryGetProperty(metric, out var value))
            {
                continue;
            }

            total += value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Sum(v => v.GetDouble()) : value.GetDouble();
        }

        return total;
    }

    public string AllText() => string.Join('\n', Lines);
}
