using System.Text.Json;

namespace LambdaSuite.Preflight;

/// <summary>The function's answer as far as this tool reads it: one entry per check, in order.</summary>
internal sealed record Checklist(IReadOnlyList<Checklist.Check> Checks)
{
    /// <summary>Exit 1: a check failed or could not be decided.</summary>
    public bool Failed => Checks.Any(c => c.Status is "fail" or "unknown");

    public static Checklist Parse(string answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("checks", out var checks) || checks.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("expected an object with a checks array");
            }

            var checklist = new Checklist([.. checks.EnumerateArray().Select(c => new Check(
                Text(c, "name") ?? throw new FormatException("a check without a name"),
                Status(c),
                Text(c, "detail") ?? string.Empty,
                Text(c, "fix")))]);
            // An answer that lacks one (e.g. {"checks":[]} from another function) decides nothing: not a pass.
            var missing = Names.Where(n => checklist.Checks.Count(c => c.Name == n) != 1).ToList();
            return missing.Count == 0 ? checklist : throw new FormatException($"expected the checks {string.Join(", ", Names)}, each once; missing or repeated: {string.Join(", ", missing)}");
        }
        catch (JsonException e)
        {
            throw new FormatException($"the answer is not JSON ({e.Message})", e);
        }
    }

    private static string Status(JsonElement check)
        => Text(check, "status") is { } status && Statuses.Contains(status) ? status : throw new FormatException($"check {Text(check, "name")} has no known status");

    /// <summary>The LogShipper's checklist (its PreflightCheck names): every answer carries each, whatever was skipped.</summary>
    internal static readonly string[] Names = ["source-canary-written", "destination-bucket-exists", "copy-allowed", "encryption-as-configured", "kms-key-usable"];

    private static readonly string[] Statuses = ["pass", "fail", "skipped", "unknown"];

    private static string? Text(JsonElement check, string name)
        => check.ValueKind == JsonValueKind.Object && check.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal sealed record Check(string Name, string Status, string Detail, string? Fix);
}
