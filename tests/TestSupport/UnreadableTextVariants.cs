using System.Text;
using System.Text.Json;
using LambdaSuite.Common;

namespace LambdaSuite.TestSupport;

/// <summary>
/// Variants of a JSON event, two for every property name and every string value: a lone surrogate
/// escape (<c>\ud800</c>), or bytes that are not UTF-8 (0xC3 0x28), put at the start of that one
/// token: text that no .NET string can hold. A parser must refuse each as bad input wherever it
/// sits, before any lookup trips on it.
/// </summary>
public static class UnreadableTextVariants
{
    public static IEnumerable<(string Where, byte[] Payload)> Of(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        var tokens = new List<(long Start, string Kind)>();
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String)
            {
                tokens.Add((reader.TokenStartIndex, reader.TokenType == JsonTokenType.PropertyName ? "name" : "value"));
            }
        }

        foreach (var (start, kind) in tokens)
        {
            // TokenStartIndex is the opening quote; the escape goes just after it.
            var at = (int)start + 1;
            var where = $"{kind} at byte {at}: {Encoding.UTF8.GetString(json, at, Math.Min(24, json.Length - at))}";
            yield return (where, [.. json[..at], .. @"\ud800"u8, .. json[at..]]);
            yield return ("invalid UTF-8 in " + where, [.. json[..at], 0xC3, 0x28, .. json[at..]]);
        }
    }

    /// <summary>The file names of every sample event of one function in infra/events/&lt;folder&gt;, its env.json excepted.</summary>
    public static IEnumerable<string> SampleEvents(string folder)
        => Directory.GetFiles(RepositoryPaths.Combine("infra", "events", folder), "*.json")
            .Select(f => Path.GetFileName(f))
            .Where(name => name != "env.json")
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// Runs every variant of one sample event and returns a line for each that ended otherwise than
    /// as a one-line <see cref="InvalidInputException"/> with no side effect (or, when
    /// <paramref name="answerAllowed"/>, an answer). <paramref name="arrange"/> builds a fresh function
    /// for a payload: how to invoke it, and how many side effects (requests, writes) it has made.
    /// </summary>
    public static async Task<List<string>> ProblemsAsync(string folder, string sample, bool answerAllowed, Func<byte[], (Func<Task> Invoke, Func<int> SideEffects)> arrange)
    {
        ArgumentNullException.ThrowIfNull(arrange);
        var problems = new List<string>();
        foreach (var (where, payload) in Of(File.ReadAllBytes(RepositoryPaths.Combine("infra", "events", folder, sample))))
        {
            var (invoke, sideEffects) = arrange(payload);
            try
            {
                await invoke();
                problems.AddRange(answerAllowed ? [] : [$"{where} -> answered"]);
            }
            catch (InvalidInputException e) when (sideEffects() == 0 && !e.Message.Contains('\n', StringComparison.Ordinal))
            {
            }
            catch (Exception e)
            {
                problems.Add($"{where} -> {e.GetType().Name}: {e.Message} ({sideEffects()} side effects)");
            }
        }

        return problems;
    }
}
