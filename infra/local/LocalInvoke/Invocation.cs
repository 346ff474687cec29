using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace LambdaSuite.LocalInvoke;

/// <summary>One cold start and one invoke of a resolved handler, reported like Lambda.</summary>
internal static class Invocation
{
    public const int Success = 0;
    public const int FunctionError = 1;
    public const int InitError = 3;

    public static async Task<int> RunAsync(HandlerTarget target, byte[] payload, int timeoutSeconds, Stream response)
    {
        var requestId = Guid.NewGuid().ToString();
        var init = Stopwatch.StartNew();
        object? instance = null;
        if (!target.Method.IsStatic)
        {
            try
            {
                // Once per execution environment, as the runtime does; its failure is an init error.
                instance = target.Type.GetConstructor(Type.EmptyTypes)!.Invoke(BindingFlags.DoNotWrapExceptions, null, [], CultureInfo.InvariantCulture);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"INIT_REPORT Init Duration: {init.Elapsed.TotalMilliseconds:F2} ms Phase: init Status: error Error Type: Runtime.InitError");
                Console.Error.WriteLine(e.ToString());
                WriteError(response, e, withStackTrace: false);
                return InitError;
            }
        }

        var initMs = init.Elapsed.TotalMilliseconds;
        Console.Error.WriteLine($"START RequestId: {requestId} Version: $LATEST");
        var duration = Stopwatch.StartNew();
        var exit = Success;
        try
        {
            using var input = new MemoryStream(payload, writable: false);
            var result = target.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, [input], CultureInfo.InvariantCulture);
            var output = result is Task<Stream> task
                ? await task.WaitAsync(TimeSpan.FromSeconds(timeoutSeconds))
                : (Stream?)result;
            if (output is not null)
            {
                await using (output)
                {
                    await output.CopyToAsync(response);
                }
            }
        }
        catch (TimeoutException)
        {
            var message = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:O} {requestId} Task timed out after {timeoutSeconds:F2} seconds");
            Console.Error.WriteLine(message);
            WriteJson(response, w =>
            {
                w.WriteString("errorType", "Sandbox.Timedout");
                w.WriteString("errorMessage", message);
            });
            exit = FunctionError;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e.ToString());
            WriteError(response, e, withStackTrace: true);
            exit = FunctionError;
        }

        Console.Error.WriteLine($"END RequestId: {requestId}");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"REPORT RequestId: {requestId}\tDuration: {duration.Elapsed.TotalMilliseconds:F2} ms\tInit Duration: {initMs:F2} ms\tMax Memory Used: {Environment.WorkingSet / (1024 * 1024)} MB"));
        return exit;
    }

    /// <summary>The shape the managed .NET runtime reports: errorType is the exception's class name.</summary>
    private static void WriteError(Stream response, Exception e, bool withStackTrace) =>
        WriteJson(response, w => WriteException(w, e, withStackTrace));

    private static void WriteException(Utf8JsonWriter w, Exception e, bool withStackTrace)
    {
        w.WriteString("errorType", e.GetType().Name);
        w.WriteString("errorMessage", e.Message);
        if (withStackTrace)
        {
            w.WriteStartArray("stackTrace");
            foreach (var line in FunctionFrames(e))
            {
                w.WriteStringValue(line);
            }

            w.WriteEndArray();
            if (e.InnerException is { } inner)
            {
                w.WriteStartObject("cause");
                WriteException(w, inner, withStackTrace);
                w.WriteEndObject();
            }
        }
    }

    /// <summary>The function's own frames: reflection and this tool's frames are not in Lambda's trace.</summary>
    private static IEnumerable<string> FunctionFrames(Exception e) =>
        (e.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("at System.Reflection.", StringComparison.Ordinal)
                && !line.StartsWith("at LambdaSuite.LocalInvoke.", StringComparison.Ordinal)
                && !line.StartsWith("--- End of stack trace", StringComparison.Ordinal));

    private static void WriteJson(Stream response, Action<Utf8JsonWriter> body)
    {
        using var writer = new Utf8JsonWriter(response);
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
    }
}
