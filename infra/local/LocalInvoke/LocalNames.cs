using System.Text.Json;
using System.Text.Json.Nodes;

namespace LambdaSuite.LocalInvoke;

/// <summary>infra/local/resources.json: template logical id (or pseudo parameter) → local name.</summary>
internal static class LocalNames
{
    public static Dictionary<string, string> Load(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path))!.AsObject()
                .Where(entry => entry.Value is JsonValue)
                .ToDictionary(entry => entry.Key, entry => entry.Value!.ToString(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException or NullReferenceException)
        {
            throw new UsageException($"resources file {path}: {e.Message}");
        }
    }
}
