using System.Diagnostics;
using System.Globalization;
using LambdaSuite.Common;
using LambdaSuite.Common.Logging;

namespace LambdaSuite.Benchmarks;

/// <summary>
/// E-mail masking time on 1 MB strings (the masking runs on every log string and on every value an
/// error message quotes). Shapes: the worst case for a backtracking pattern (one long run of
/// local-part characters before '@'), many short runs with '@', and real addresses. Median of runs.
/// </summary>
internal static class MaskingBenchmark
{
    private const int Size = 1_000_000;

    internal static int Run(string[] args)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 21;
        var shapes = new (string Name, string Text)[]
        {
            ("one 1 MB run, then '@'", new string('a', Size - 1) + "@"),
            ("'aaaa@' x 200,000", string.Concat(Enumerable.Repeat("aaaa@", Size / 5))),
            ("'jane.doe@example.com ' x 47,619", string.Concat(Enumerable.Repeat("jane.doe@example.com ", Size / 21))),
            ("no '@' at all", new string('a', Size)),
        };

        Console.WriteLine($"EmailMask.Mask, {Size:N0} characters, median of {runs} runs:");
        foreach (var (name, text) in shapes)
        {
            Console.WriteLine($"  {name,-36}: {Median(runs, () => EmailMask.Mask(text)):F2} ms");
        }

        var value = shapes[0].Text;
        Console.WriteLine($"InvalidInputException.Invalid (masks, escapes, caps a 1 MB value): {Median(runs, () => InvalidInputException.Invalid("detail.alarmName", value, "at most 255 characters")):F2} ms");
        return 0;
    }

    private static double Median(int runs, Func<object> work)
    {
        work(); // JIT and caches
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            GC.KeepAlive(work());
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }
}
