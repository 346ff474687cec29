namespace LambdaSuite.Common.Invocation;

/// <summary>
/// The X-Ray tracing header Lambda hands the runtime (<c>Root=1-…;Parent=…;Sampled=1</c>). Its
/// <see cref="Root"/> is the trace id as X-Ray's console and Logs Insights show it
/// (<c>1-5759e988-bd862e3fe1be46a994272793</c>); only a <see cref="Sampled"/> trace is recorded.
/// </summary>
public readonly record struct TraceHeader(string? Root, bool Sampled)
{
    /// <summary>The header's parts in any order; a missing or empty Root is null.</summary>
    public static TraceHeader Parse(string? header)
    {
        string? root = null;
        var sampled = false;
        var text = header.AsSpan();
        foreach (var range in text.Split(';'))
        {
            var part = text[range].Trim();
            if (part.StartsWith("Root=", StringComparison.Ordinal))
            {
                root = part["Root=".Length..].ToString();
            }
            else if (part.SequenceEqual("Sampled=1"))
            {
                sampled = true;
            }
        }

        return new TraceHeader(string.IsNullOrEmpty(root) ? null : root, sampled);
    }
}
