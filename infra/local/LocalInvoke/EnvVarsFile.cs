using System.Text.Json;
using System.Text.Json.Nodes;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// SAM's <c>--env-vars</c> file: <c>{"Parameters": {...}, "&lt;LogicalId&gt;": {...}}</c>. The
/// top-level <c>Parameters</c> object applies to every function, the function's own object wins.
/// Like sam, only variables the template declares for the function are overridden; unlike sam, the
/// ignored ones are reported, because a silently ignored setting is a classic local-run trap.
/// </summary>
internal static class EnvVarsFile
{
    public static Dictionary<string, string> Apply(string path, string logicalId, IReadOnlyDictionary<string, string> declared, Action<string> warn)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--env-vars {path}: {e.Message}");
        }

        var result = new Dictionary<string, string>(declared, StringComparer.Ordinal);
        foreach (var section in new[] { "Parameters", logicalId })
        {
            var values = root is JsonObject o ? o[section] as JsonObject : throw new UsageException($"--env-vars {path}: expected a JSON object like {{\"{logicalId}\": {{\"NAME\": \"value\"}}}}");
            foreach (var (name, value) in values ?? [])
            {
                if (!declared.ContainsKey(name))
                {
                    warn($"--env-vars {section}.{name} ignored: {logicalId} declares no such variable in the template (sam ignores it too)");
                }
                else if (value is JsonObject or JsonArray)
                {
                    warn($"--env-vars {section}.{name} ignored: the value must be a string, number or boolean");
                }
                else
                {
                    result[name] = value?.ToString() ?? string.Empty;
                }
            }
        }

        return result;
    }
}
