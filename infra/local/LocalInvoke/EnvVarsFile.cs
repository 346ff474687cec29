using System.Text.Json;

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
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            root = document.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--env-vars {path}: {e.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new UsageException($"--env-vars {path}: expected a JSON object like {{\"{logicalId}\": {{\"NAME\": \"value\"}}}}");
        }

        var result = new Dictionary<string, string>(declared, StringComparer.Ordinal);
        foreach (var section in new[] { "Parameters", logicalId })
        {
            if (!root.TryGetProperty(section, out var values) || values.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var variable in values.EnumerateObject())
            {
                if (!declared.ContainsKey(variable.Name))
                {
                    warn($"--env-vars {section}.{variable.Name} ignored: {logicalId} declares no such variable in the template (sam ignores it too)");
                }
                else if (variable.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    warn($"--env-vars {section}.{variable.Name} ignored: the value must be a string, number or boolean");
                }
                else
                {
                    result[variable.Name] = variable.Value.ValueKind switch
                    {
                        JsonValueKind.String => variable.Value.GetString() ?? string.Empty,
                        JsonValueKind.Null => string.Empty,
                        _ => variable.Value.GetRawText(),
                    };
                }
            }
        }

        return result;
    }
}
