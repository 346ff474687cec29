using System.Text;

namespace Remediator.Tests.Fakes;

/// <summary>What reached the wire: copied at send time, because the client disposes the message afterwards.</summary>
internal sealed record CapturedRequest(HttpMethod Method, Uri Uri, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name)
    {
        var values = Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(',', values);
    }
}
