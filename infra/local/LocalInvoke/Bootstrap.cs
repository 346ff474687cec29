namespace LambdaSuite.LocalInvoke;

/// <summary>How to start a function's bootstrap, and the folder it runs in (LAMBDA_TASK_ROOT).</summary>
internal sealed record Bootstrap(string FileName, IReadOnlyList<string> Arguments, string TaskRoot);
