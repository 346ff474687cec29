using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;

namespace LambdaSuite.Benchmarks;

/// <summary>
/// Cold starts through the local Lambda Runtime API of infra/local/invoke, side by side in one run,
/// each against a private local stack: each function's NativeAOT bootstrap with its sample event over
/// HTTP, over HTTPS with the OS store (the behaviour before the Amazon store) and over HTTPS with the
/// Amazon store; the floors: the bare echo bootstrap and the echo bootstrap making one request
/// (tests/LocalInvoke.IntegrationTests/Fixtures); the JIT build of the same Mains over HTTP (--jit). Then where
/// the TLS time of a first request goes, and the warm per-invocation cost of the runtime loop.
/// Every round runs every subject once, in a shuffled order, from fresh stack data.
/// Usage: dotnet run -c Release --project tests/Benchmarks -- coldstart [runs] [warm invocations]
/// </summary>
internal static class ColdStartBenchmark
{
    private static readonly (string Name, string Event)[] Functions = [("LogShipper", "s3-put.json"), ("Remediator", "eventbridge-alarm.json"), ("PostConfirmation", "confirm-signup.json")];

    internal static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var warmInvocations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        LocalAws[] stacks = [new(), LocalAws.Https(), LocalAws.Https()];
        await Task.WhenAll(stacks.Select(s => s.InitializeAsync()));
        try
        {
            Transport[] transports = [Transport.Http(stacks[0]), Transport.OsStore(stacks[1]), Transport.AmazonStore(stacks[2])];
            Console.WriteLine($"machine: {Environment.ProcessorCount} CPUs, load average {LoadAverage()} (a shared machine: compare within this run)");
            var aot = new List<Subject> { Subject.Echo(transports[0]) };
            foreach (var transport in transports)
            {
                aot.Add(Subject.RequestEcho(transport));
                aot.AddRange(Functions.Select(f => Subject.Of(f.Name, f.Event, transport)));
            }

            List<Subject> jit = [Subject.Echo(transports[0], jit: true), .. Functions.Select(f => Subject.Of(f.Name, f.Event, transports[0], jit: true))];
            List<Subject> phases = [Subject.TlsPhases(transports[1], "system"), Subject.TlsPhases(transports[1], "amazon")];
            var random = new Random(21);
            var loads = new List<string>();

            // One discarded round compiles this process's side of the emulator and fills OS caches.
            for (var run = 0; run <= runs; run++)
            {
                await RoundAsync(stacks, aot, random, record: run > 0);
                await RoundAsync(stacks[..1], jit, random, record: run > 0);
                await RoundAsync([], phases, random, record: run > 0);
                loads.Add(LoadAverage().Split(' ')[0]);
            }

            Report(transports, aot, jit, runs, loads);
            ReportPhases(phases);
            await WarmOverheadAsync(aot[0], warmInvocations);
            Console.WriteLine($"load average after: {LoadAverage()}");
            return 0;
        }
        finally
        {
            await Task.WhenAll(stacks.Select(s => s.DisposeAsync()));
        }
    }

    /// <summary>Each subject once, in a random order, after the stacks were given the same fresh data (the sample events change it).</summary>
    private static async Task RoundAsync(LocalAws[] stacks, List<Subject> subjects, Random random, bool record)
    {
        foreach (var stack in stacks)
        {
            await stack.ResetAsync();
            await stack.PutEventObjectsAsync(RepositoryPaths.Combine("infra", "events", "logshipper", "s3-put.json"));
        }

        foreach (var subject in subjects.OrderBy(_ => random.Next()))
        {
            var sample = await ColdAsync(subject.Function, subject.Payload);
            if (record)
            {
                subject.Samples.Add(sample);
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

        return result is { End: InvocationEnd.Success }
            ? result
            : throw new InvalidOperationException($"{function.Definition.LogicalId} ({function.Bootstrap.FileName}) did not succeed: "
                + System.Text.Encoding.UTF8.GetString(initError?.Json ?? result!.Body) + "\n" + string.Join('\n', output));
    }

    private static void Report(Transport[] transports, List<Subject> aot, List<Subject> jit, int runs, List<string> loads)
    {
        var echo = Median(aot[0].Samples, s => s.SinceSpawnMs);
        Console.WriteLine();
        Console.WriteLine($"cold start = spawn of the bootstrap to its first response at the Runtime API, NativeAOT; median [min-max] of {runs} runs, ms; load average over the runs {string.Join(' ', loads)}");
        Console.WriteLine($"{"bootstrap",-18} {transports[0].Name,-22} {transports[1].Name,-22} {transports[2].Name,-22} {"TLS-HTTP, OS store",-22} {"TLS-HTTP, Amazon",-22} {"cut",6}");
        Console.WriteLine($"{aot[0].Name,-18} {Spread(aot[0].Samples, s => s.SinceSpawnMs),-22}");
        foreach (var name in aot.Skip(1).Select(s => s.Name).Distinct())
        {
            var cells = transports.Select(t => aot.Single(s => s.Name == name && s.Transport == t)).ToArray();
            var (os, amazon) = (Paired(cells[1], cells[0]), Paired(cells[2], cells[0]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-18} {Spread(cells[0].Samples, s => s.SinceSpawnMs),-22} {Spread(cells[1].Samples, s => s.SinceSpawnMs),-22} {Spread(cells[2].Samples, s => s.SinceSpawnMs),-22} {Quartiles(os),-22} {Quartiles(amazon),-22} {Median(amazon, d => d) / Median(os, d => d),6:F2}"));
        }

        Console.WriteLine("(TLS-HTTP: the median [25th-75th percentile] of the per-round differences; cut: Amazon store / OS store)");
        Console.WriteLine();
        Console.WriteLine($"{"function (HTTP)",-18} {"x echo",7} {"JIT (--jit)",-22} {"JIT/AOT",8} {"AOT init",9} {"AOT invoke",11} {"peak RSS AOT/JIT",17}");
        foreach (var managed in jit)
        {
            var native = aot.Single(s => s.Name == managed.Name && s.Transport == transports[0]);
            var median = Median(native.Samples, r => r.SinceSpawnMs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{native.Name,-18} {median / echo,7:F1} {Spread(managed.Samples, s => s.SinceSpawnMs),-22} {Median(managed.Samples, r => r.SinceSpawnMs) / median,8:F1} {Median(native.Samples, r => r.SinceSpawnMs - r.DurationMs),9:F1} {Median(native.Samples, r => r.DurationMs),11:F1} {$"{native.Samples.Max(r => r.MaxMemoryMb)} / {managed.Samples.Max(r => r.MaxMemoryMb)} MiB",17}"));
        }

        Console.WriteLine();
        foreach (var (name, _) in Functions)
        {
            var cells = transports.Select(t => aot.Single(s => s.Name == name && s.Transport == t)).ToArray();
            var native = Median(cells[0].Samples, r => r.SinceSpawnMs);
            var managed = Median(jit.Single(s => s.Name == name).Samples, r => r.SinceSpawnMs);
            var (os, amazon) = (Median(Paired(cells[1], cells[0]), d => d), Median(Paired(cells[2], cells[0]), d => d));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {native / echo:F1}x echo (target <= 5x: {Met(native / echo <= 5)}), JIT {managed / native:F1}x slower (target >= 10x: {Met(managed / native >= 10)}), peak RSS {cells.Max(c => c.Samples.Max(r => r.MaxMemoryMb))} MiB (target <= 40 MiB: {Met(cells.Max(c => c.Samples.Max(r => r.MaxMemoryMb)) <= 40)}), TLS-HTTP {amazon:F1} ms with the Amazon store vs {os:F1} ms with the OS store (target <= half: {Met(amazon <= os / 2)})"));
        }
    }

    /// <summary>The phases' medians, per trust: where a first HTTPS request's time goes, step by step in a fresh process.</summary>
    private static void ReportPhases(List<Subject> phases)
    {
        string[] steps = ["library", "trustStore", "chain", "connect", "handshake", "request"];
        Console.WriteLine();
        Console.WriteLine($"first HTTPS request of a fresh NativeAOT process, step by step (FIXTURE_MODE=tls-phases); median [min-max] of {phases[0].Samples.Count} runs, ms");
        Console.WriteLine($"{"trust",-10} {"library load",-20} {"trust store",-20} {"chain build",-20} {"TCP connect",-20} {"TLS handshake",-20} {"first request",-20} {"protocol",-10}");
        foreach (var subject in phases)
        {
            var documents = subject.Samples.Select(s => JsonDocument.Parse(s.Body).RootElement).ToList();
            var cells = steps.Select(step => Spread(documents, d => d.GetProperty(step).GetDouble()));
            Console.WriteLine($"{documents[0].GetProperty("trust").GetString(),-10} {string.Join(' ', cells.Select(c => $"{c,-20}"))} {documents[0].GetProperty("protocol").GetString()} {documents[0].GetProperty("cipher").GetString()}");
        }

        Console.WriteLine("(library load: OpenSSL's, which SigV4 signing needs over HTTP too; trust store: Amazon's roots parsed and the process pointed at them, or the OS store read; handshake: its certificate check included)");
    }

    /// <summary>Many events through one warm echo process: what the runtime loop and the Runtime API round trip cost per invocation.</summary>
    private static async Task WarmOverheadAsync(Subject echo, int invocations)
    {
        await using var environment = await ExecutionEnvironment.StartAsync(echo.Function, _ => { });
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

    /// <summary>Per round, <paramref name="tls"/>'s cold start minus <paramref name="http"/>'s (same round, same load).</summary>
    private static List<double> Paired(Subject tls, Subject http) => [.. tls.Samples.Zip(http.Samples, (t, h) => t.SinceSpawnMs - h.SinceSpawnMs)];

    private static double Median<T>(IEnumerable<T> samples, Func<T, double> value)
    {
        var sorted = samples.Select(value).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Spread<T>(IReadOnlyCollection<T> samples, Func<T, double> value) => string.Create(CultureInfo.InvariantCulture,
        $"{Median(samples, value):F1} [{samples.Min(value):F1}-{samples.Max(value):F1}]");

    private static string Quartiles(List<double> differences)
    {
        var sorted = differences.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{sorted[sorted.Count / 2]:F1} [{sorted[sorted.Count / 4]:F1}-{sorted[sorted.Count * 3 / 4]:F1}]");
    }

    private static string Met(bool met) => met ? "met" : "MISSED";

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
