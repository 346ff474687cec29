using System.Collections;
using System.Text;
using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;

namespace LambdaSuite.Fixtures.Echo;

/// <summary>Returns the event unchanged and logs one JSON line to raw stdout, as our functions do.</summary>
public sealed class EchoHandler
{
    private readonly ILog _log = FunctionTelemetry.FromEnvironment(new EnvironmentReader(), "Echo").Log;

    public async Task<Stream> HandleAsync(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var copy = new MemoryStream();
        await input.CopyToAsync(copy);
        _log.Info("echo-fixture-log-line", ("bytes", copy.Length));
        Console.WriteLine("echo-fixture-console-line");
        copy.Position = 0;
        return copy;
    }
}

/// <summary>Returns its environment plus how often it was constructed, as one JSON object.</summary>
public sealed class EnvHandler
{
    private static int s_constructed;

    public EnvHandler() => Interlocked.Increment(ref s_constructed);

    public Task<Stream> HandleAsync(Stream input)
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            env[(string)e.Key] = (string?)e.Value ?? string.Empty;
        }

        env["fixture.constructed"] = s_constructed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(env))));
    }
}

/// <summary>Fails at init, like a handler whose configuration is invalid.</summary>
public sealed class ThrowingConstructorHandler
{
    public ThrowingConstructorHandler() => throw new InvalidOperationException("FIXTURE_SETTING is required: expected a value");

    public Task<Stream> HandleAsync(Stream input) => Task.FromResult(input);
}

/// <summary>Fails during the invoke, after logging.</summary>
public sealed class ThrowingHandler
{
    public async Task<Stream> HandleAsync(Stream input)
    {
        await Task.Yield();
        Console.WriteLine("throwing-fixture-console-line");
        throw new ArgumentException("fixture.field=\"bad\" is invalid: expected good");
    }
}

/// <summary>A method the runtime cannot call with a Stream.</summary>
public sealed class WrongSignatureHandler
{
    public string HandleAsync(string input) => input;
}

/// <summary>No public parameterless constructor, so the runtime cannot create it.</summary>
public sealed class NoDefaultConstructorHandler(string name)
{
    public Task<Stream> HandleAsync(Stream input) => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(name + input.Length)));
}
