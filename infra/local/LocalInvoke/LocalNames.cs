using System.Text.Json;

namespace LambdaSuite.LocalInvoke;

/// <summary>infra/local/resources.json: template logical id (or pseudo parameter) → local name.</summary>
internal static class LocalNames
{
    public static Dictionary<string, string> Load(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String)
                {
                    names[entry.Name] = entry.Value.GetString()!;
                }
            }

            return names;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new UsageException($"resources file {path}: {e.Message}");
        }
    }
}
