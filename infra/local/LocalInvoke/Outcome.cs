namespace LambdaSuite.LocalInvoke;

internal enum Outcome { Success, Error, Timeout, Exited }
