namespace LambdaSuite.Benchmarks;

/// <summary>Prints figures for each function's speed and cost targets. Not a test: nothing here fails on a number.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var name = args.Length > 0 ? args[0].ToUpperInvariant() : string.Empty;
        var rest = args.Skip(1).ToArray();
        switch (name)
        {
            // One case per function benchmark, e.g.: case "LOGSHIPPER": return await LogShipperBenchmark.RunAsync(rest);
            case "LOGSHIPPER": return await LogShipperBenchmark.RunAsync(rest);
            case "POSTCONFIRMATION": return await PostConfirmationBenchmark.RunAsync(rest);
            case "REMEDIATOR": return await RemediatorBenchmark.RunAsync(rest);
            case "MASKING": return MaskingBenchmark.Run(rest);
            case "COLDSTART": return await ColdStartBenchmark.RunAsync(rest);
            default:
                await Console.Error.WriteLineAsync("usage: dotnet run -c Release --project tests/Benchmarks -- <logshipper|remediator|postconfirmation|masking|coldstart>");
                return 2;
        }
    }
}
