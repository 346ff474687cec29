namespace LambdaSuite.LocalInvoke;

internal static class Program
{
    private static int Main()
    {
        Console.Error.WriteLine("not implemented yet");
        return 2;
    }
}
