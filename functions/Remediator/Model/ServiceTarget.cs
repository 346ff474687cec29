using System.Text.RegularExpressions;

namespace LambdaSuite.Remediator.Model;

/// <summary>An ECS service, named by its cluster and service names (not ARNs).</summary>
internal readonly partial record struct ServiceTarget(string Cluster, string Service)
{
    /// <summary>Parses <c>cluster/service</c> where both are ECS names; null for anything else.</summary>
    public static ServiceTarget? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split('/');
        return parts.Length == 2 && IsEcsName(parts[0]) && IsEcsName(parts[1]) ? new ServiceTarget(parts[0], parts[1]) : null;
    }

    /// <summary>A cluster or service name as ECS allows it: 1-255 letters, digits, '-' and '_' (so never a '/').</summary>
    public static bool IsEcsName(string value) => EcsNamePattern().IsMatch(value);

    public override string ToString() => Cluster + "/" + Service;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$", RegexOptions.CultureInvariant)]
    internal static partial Regex EcsNamePattern();
}
