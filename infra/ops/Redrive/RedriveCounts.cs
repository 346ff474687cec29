namespace LambdaSuite.Redrive;

internal sealed record RedriveCounts(int Messages, int Invoked, int Deleted, int Failed, int Unrecognised, int OtherFunction, bool Applied)
{
    public override string ToString() => Applied
        ? $"messages={Messages} invoked={Invoked} deleted={Deleted} failed={Failed} unrecognised={Unrecognised} other-function={OtherFunction}"
        : $"dry-run messages={Messages} would-invoke={Invoked} unrecognised={Unrecognised} other-function={OtherFunction}";
}
