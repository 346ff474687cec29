using System.Text;
using System.Text.Json;
using LambdaSuite.Common;

namespace LambdaSuite.TestSupport;

/// <summary>
/// Variants of a sample event that a parser must refuse as bad input (or, where a field is not
/// read, simply act on), wherever the change sits, before any lookup or read trips on it.
/// </summary>
public static class EventVariants
{
    private static readonly byte[][] OtherTypes = ["null"u8.ToArray(), "0"u8.ToArray(), "{}"u8.ToArray(), "[]"u8.ToArray(), "\"x\""u8.ToArray()];

    /// <summary>
    /// Two for every property name and every string value: a lone surrogate escape (<c>\ud800</c>), or
    /// bytes that are not UTF-8 (0xC3 0x28), put at the start of that one token: text that no .NET
    /// string can hold.
    /// </summary>
    public static IEnumerable<(string Where, byte[] Payload)> UnreadableText(byte[] json)
    {
        foreach (var (start, _, kind) in Tokens(json).Where(t => t.Kind is "name" or "string"))
        {
            // The start is the opening quote; the change goes just after it.
            var at = (int)start + 1;
            var where = $"{kind} at byte {at}: {Show(json, at)}";
            yield return (where, [.. json[..at], .. @"\ud800"u8, .. json[at..]]);
            yield return ("invalid UTF-8 in " + where, [.. json[..at], 0xC3, 0x28, .. json[at..]]);
        }
    }

    /// <summary>
    /// Every value (scalar, object or array, the event itself excepted) replaced in turn by null, 0,
    /// {}, [] and "x"; inside a string that holds JSON (an SQS body, an SNS Message) too.
    /// </summary>
    public static IEnumerable<(string Where, byte[] Payload)> WrongTypes(byte[] json)
    {
        foreach (var (start, end, _) in Tokens(json).Where(t => t.Kind != "name" && t.Start > 0))
        {
            foreach (var other in OtherTypes.Where(o => !json.AsSpan((int)start, (int)(end - start)).SequenceEqual(o)))
            {
                yield return ($"{Encoding.UTF8.GetString(other)} for the value at byte {start}: {Show(json, (int)start)}", [.. json[..(int)start], .. other, .. json[(int)end..]]);
            }

            if (NestedJson(json, start, end) is { } inner)
            {
                foreach (var (where, changed) in WrongTypes(inner))
                {
                    var literal = JsonSerializer.SerializeToUtf8Bytes(Encoding.UTF8.GetString(changed));
                    yield return ($"in the JSON string at byte {start}: {where}", [.. json[..(int)start], .. literal, .. json[(int)end..]]);
                }
            }
        }
    }

    /// <summary>The text of the string token at [start, end) when it is itself a JSON object or array.</summary>
    private static byte[]? NestedJson(byte[] json, long start, long end)
    {
        var reader = new Utf8JsonReader(json.AsSpan((int)start, (int)(end - start)));
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            return null;
        }

        var text = Encoding.UTF8.GetBytes(reader.GetString()!);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The JSON events in these repository folders (env.json files excepted), as repository-relative paths.</summary>
    public static IEnumerable<string> SampleEvents(params string[] folders)
        => folders.SelectMany(folder => Directory.GetFiles(RepositoryPaths.Combine(folder), "*.json")
                .Select(f => folder + "/" + Path.GetFileName(f)))
            .Where(path => !path.EndsWith("/env.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>A sample event's bytes, by its repository-relative path.</summary>
    public static byte[] Read(string path) => File.ReadAllBytes(RepositoryPaths.Combine([.. path.Split('/')]));

    /// <summary>
    /// Runs every variant and returns a line for each that ended otherwise than as a one-line
    /// <see cref="InvalidInputException"/> with no side effect (or, when <paramref name="answerAllowed"/>,
    /// an answer). <paramref name="arrange"/> builds a fresh function for a payload: how to invoke it,
    /// and how many side effects (requests, writes) it has made.
    /// </summary>
    public static async Task<List<string>> ProblemsAsync(IEnumerable<(string Where, byte[] Payload)> variants, bool answerAllowed, Func<byte[], (Func<Task> Invoke, Func<int> SideEffects)> arrange)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(arrange);
        var problems = new List<string>();
        foreach (var (where, payload) in variants)
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

    /// <summary>Every name and value token: where it starts and ends, and what it is.</summary>
    private static List<(long Start, long End, string Kind)> Tokens(byte[] json)
    {
        var tokens = new List<(long, long, string)>();
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            var start = reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    tokens.Add((start, reader.BytesConsumed, "name"));
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    // Its end: read a copy of the reader past the container.
                    var skip = reader;
                    skip.Skip();
                    tokens.Add((start, skip.BytesConsumed, "container"));
                    break;
                case JsonTokenType.String:
                    tokens.Add((start, reader.BytesConsumed, "string"));
                    break;
                case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null:
                    tokens.Add((start, reader.BytesConsumed, "scalar"));
                    break;
            }
        }

        return tokens;
    }

    private static string Show(byte[] json, int at) => Encoding.UTF8.GetString(json, at, Math.Min(24, json.Length - at));
}
