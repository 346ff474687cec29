namespace LambdaSuite.Remediator.Reporting;

/// <summary>
/// The X-Ray tracing header Lambda hands the runtime (<c>Root=1-…;Parent=…;Sampled=1</c>): the
/// trace id is its Root, and only a sampled trace is recorded, so only that one gets a link.
/// </summary>
internal readonly record struct TraceHeader(string? Root, bool Sampled)
{
    public static TraceHeader Parse(string? header)
    {
        string? root = null;
        var sampled = false;
        foreach (var part in (header ?? string.Empty).Split(';', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("Root=", StringComparison.Ordinal))
            {
                root = part["Root=".Length..];
            }
            else if (part == "Sampled=1")
            {
                sampled = true;
            }
        }

        return new TraceHeader(string.IsNullOrEmpty(root) ? null : root, sampled);
    }
}
