using System.Diagnostics;
using System.Globalization;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;

namespace LambdaSuite.Benchmarks;

/// <summary>
/// Cold starts through the local Lambda Runtime API of infra/local/invoke, side by side in one run
/// against a private local stack: each function's NativeAOT bootstrap with its sample event, the bare
/// NativeAOT echo bootstrap (tests/IntegrationTests/Fixtures) as the floor, and the JIT build of the
/// same Main (--jit). Then the warm per-invocation cost of the runtime loop, through one echo process.
/// Usage: dotnet run -c Release --project tests/Benchmarks -- coldstart [runs] [warm invocations]
/// </summary>
internal static class ColdStartBenchmark
{
    private static readonly string[] DemoService = ["RemediatorClusterName=demo-cluster", "RemediatorAllowedServices=demo-cluster/demo-api"];

    internal static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var warmInvocations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        var aws = new LocalAws();
        await aws.InitializeAsync();
        try
        {
            Console.WriteLine($"machine: {Environment.ProcessorCount} CPUs, load average {LoadAverage()} (a shared machine: compare within this run)");
            var subjects = new List<Subject>
            {
                Subject.Echo(aws),
                Subject.Function(aws, "LogShipper", "s3-put.json"),
                Subject.Function(aws, "Remediator", "eventbridge-alarm.json", DemoService),
                Subject.Function(aws, "PostConfirmation", "confirm-signup.json"),
            };

            // One discarded round compiles this process's side of the emulator and fills OS caches.
            await RoundAsync(aws, subjects, jit: false);
            await RoundAsync(aws, subjects, jit: true);
            for (var run = 0; run < runs; run++)
            {
                await RoundAsync(aws, subjects, jit: false, record: true);
                await RoundAsync(aws, subjects, jit: true, record: true);
            }

            Report(subjects, runs);
            await WarmOverheadAsync(subjects[0], warmInvocations);
            Console.WriteLine($"load average after: {LoadAverage()}");
            return 0;
        }
        finally
        {
            await aws.DisposeAsync();
        }
    }

    /// <summary>Each subject once, from the same fresh data (the sample events change the stack's state).</summary>
    private static async Task RoundAsync(LocalAws aws, List<Subject> subjects, bool jit, bool record = false)
    {
        await aws.ResetAsync();
        await PutEventObjectsAsync(aws);
        foreach (var subject in subjects)
        {
            var sample = await ColdAsync(jit ? subject.Jit : subject.Aot, subject.Payload);
            if (record)
            {
                (jit ? subject.JitSamples : subject.AotSamples).Add(sample);
            }
        }
    }

    /// <summary>A fresh execution environment and its first event: spawn to the response arriving at the Runtime API.</summary>
    private static async Task<InvocationResult> ColdAsync(LocalFunction function, byte[] payload)
    {
        var output = new List<string>();
        InvocationResult? result = null;
        RuntimeError? initError;
        await using (var environment = await ExecutionEnvironment.StartAsync(function, line => { lock (output) { output.Add(line); } }))
        {
            var invocation = environment.Enqueue(payload, TimeSpan.FromSeconds(function.Definition.TimeoutSeconds));
            (initError, _) = await environment.InitAsync();
            if (initError is null)
            {
                result = await environment.CompleteAsync(invocation);
            }
        }

        return result is { Outcome: Outcome.Success }
            ? result
            : throw new InvalidOperationException($"{function.Definition.LogicalId} ({function.Bootstrap.FileName}) did not succeed: "
                + System.Text.Encoding.UTF8.GetString(initError?.Json ?? result!.Body) + "\n" + string.Join('\n', output));
    }

    private static void Report(List<Subject> subjects, int runs)
    {
        var echo = Median(subjects[0].AotSamples, s => s.SinceSpawnMs);
        Console.WriteLine();
        Console.WriteLine($"cold start = spawn of the bootstrap to its first response at the Runtime API; median [min-max] of {runs} runs, ms");
        Console.WriteLine($"{"function",-18} {"NativeAOT",-22} {"x echo",7} {"JIT (--jit)",-22} {"JIT/AOT",8} {"AOT init",9} {"AOT invoke",11} {"peak RSS AOT/JIT",17}");
        foreach (var s in subjects)
        {
            var aot = Median(s.AotSamples, r => r.SinceSpawnMs);
            var jit = Median(s.JitSamples, r => r.SinceSpawnMs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Name,-18} {Spread(s.AotSamples),-22} {aot / echo,7:F1} {Spread(s.JitSamples),-22} {jit / aot,8:F1} {Median(s.AotSamples, r => r.SinceSpawnMs - r.DurationMs),9:F1} {Median(s.AotSamples, r => r.DurationMs),11:F1} {$"{s.AotSamples.Max(r => r.MaxMemoryMb)} / {s.JitSamples.Max(r => r.MaxMemoryMb)} MiB",17}"));
        }

        Console.WriteLine();
        foreach (var s in subjects.Skip(1))
        {
            var aot = Median(s.AotSamples, r => r.SinceSpawnMs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Name}: {aot / echo:F1}x echo (target <= 5x: {Met(aot / echo <= 5)}), JIT {Median(s.JitSamples, r => r.SinceSpawnMs) / aot:F1}x slower (target >= 10x: {Met(Median(s.JitSamples, r => r.SinceSpawnMs) / aot >= 10)}), peak RSS {s.AotSamples.Max(r => r.MaxMemoryMb)} MiB (target <= 40 MiB: {Met(s.AotSamples.Max(r => r.MaxMemoryMb) <= 40)})"));
        }
    }

    /// <summary>Many events through one warm echo process: what the runtime loop and the Runtime API round trip cost per invocation.</summary>
    private static async Task WarmOverheadAsync(Subject echo, int invocations)
    {
        await using var environment = await ExecutionEnvironment.StartAsync(echo.Aot, _ => { });
        var (initError, _) = await environment.InitAsync();
        if (initError is not null)
        {
            throw new InvalidOperationException("echo init failed: " + System.Text.Encoding.UTF8.GetString(initError.Json));
        }

        var timeout = TimeSpan.FromSeconds(10);
        for (var i = 0; i < 200; i++)
        {
            await environment.CompleteAsync(environment.Enqueue(echo.Payload, timeout)); // warm both sides up
        }

        var durations = new List<double>(invocations);
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < invocations; i++)
        {
            durations.Add((await environment.CompleteAsync(environment.Enqueue(echo.Payload, timeout))).DurationMs);
        }

        wall.Stop();
        durations.Sort();
        var median = durations[durations.Count / 2];
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warm invocation through one echo process ({invocations} events of {echo.Payload.Length} bytes; event handed out to response received): median {median:F3} ms, p99 {durations[(int)(durations.Count * 0.99)]:F3} ms, max {durations[^1]:F3} ms; {wall.Elapsed.TotalMilliseconds / invocations:F3} ms per event end to end (target < 1 ms: {Met(median < 1)})"));
    }

    private static async Task PutEventObjectsAsync(LocalAws aws)
    {
        var psi = new ProcessStartInfo("node", [RepositoryPaths.Combine("infra", "local", "put-event-objects.mjs"), RepositoryPaths.Combine("infra", "events", "logshipper", "s3-put.json")])
        {
            RedirectStandardError = true,
        };
        foreach (var (k, v) in aws.Environment)
        {
            psi.Environment[k] = v;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("put-event-objects failed: " + errors);
        }
    }

    private static double Median(List<InvocationResult> samples, Func<InvocationResult, double> value)
    {
        var sorted = samples.Select(value).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Spread(List<InvocationResult> samples) => string.Create(CultureInfo.InvariantCulture,
        $"{Median(samples, r => r.SinceSpawnMs):F1} [{samples.Min(r => r.SinceSpawnMs):F1}-{samples.Max(r => r.SinceSpawnMs):F1}]");

    private static string Met(bool met) => met ? "met" : "MISSED";

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>One function as infra/local/invoke would run it, in both builds, with its sample event.</summary>
    private sealed record Subject(string Name, LocalFunction Aot, LocalFunction Jit, byte[] Payload)
    {
        public List<InvocationResult> AotSamples { get; } = [];

        public List<InvocationResult> JitSamples { get; } = [];

        public static Subject Echo(LocalAws aws)
        {
            var template = RepositoryPaths.Combine("tests", "IntegrationTests", "Fixtures", "echo-template.yaml");
            string[] args = ["-t", template, "EchoFunction"];
            return new Subject("echo (bare)", Prepare(args, aws, jit: false), Prepare(args, aws, jit: true), SampleEvent("postconfirmation", "confirm-signup.json"));
        }

        public static Subject Function(LocalAws aws, string name, string sampleEvent, string[]? overrides = null)
        {
            var folder = name.ToLowerInvariant();
            string[] parameters = overrides is null ? [] : ["--parameter-overrides", .. overrides];
            string[] args = [$"{name}Function", "-n", RepositoryPaths.Combine("infra", "events", folder, "env.json"), .. parameters];
            return new Subject(name, Prepare(args, aws, jit: false), Prepare(args, aws, jit: true), SampleEvent(folder, sampleEvent));
        }

        /// <summary>What infra/local/invoke does before it starts the function: resolve, build (only when changed), environment.</summary>
        private static LocalFunction Prepare(string[] args, LocalAws aws, bool jit)
            => LambdaSuite.LocalInvoke.Program.Prepare(Options.Parse(jit ? [.. args, "--jit"] : args, RepositoryPaths.Root), RepositoryPaths.Root, aws.Environment);

        private static byte[] SampleEvent(string folder, string file) => File.ReadAllBytes(RepositoryPaths.Combine("infra", "events", folder, file));
    }
}
