namespace LambdaSuite.Benchmarks;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Benchmarks -- <logshipper|remediator|postconfirmation>");
        return args.Length == 0 ? 2 : 1;
    }
}
