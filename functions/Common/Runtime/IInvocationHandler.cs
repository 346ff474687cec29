using LambdaSuite.Common.Invocation;

namespace LambdaSuite.Common.Runtime;

/// <summary>
/// A function's entry point: the event payload and its invocation in, the response payload out.
/// Created once per execution environment (its constructor is the init phase); a throw from
/// <see cref="HandleAsync"/> is reported to Lambda as the invocation's error.
/// </summary>
public interface IInvocationHandler
{
    Task<Stream> HandleAsync(Stream input, InvocationContext context);
}
