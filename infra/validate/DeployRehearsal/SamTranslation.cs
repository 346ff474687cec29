using System.Diagnostics;
using System.Text.Json.Nodes;

namespace LambdaSuite.DeployRehearsal;

/// <summary>template.yaml transformed by AWS's SAM translator, offline (infra/validate/sam_translate.py).</summary>
internal static class SamTranslation
{
    public static JsonObject Transform(string root, string template = "template.yaml")
    {
        var start = new ProcessStartInfo("python3", [Path.Combine(root, "infra", "validate", "sam_translate.py"), Path.Combine(root, template), "--print"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start python3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return process.ExitCode == 0
            ? JsonNode.Parse(stdout.Result)!.AsObject()
            : throw new InvalidOperationException($"sam_translate.py {template} failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
    }
}
