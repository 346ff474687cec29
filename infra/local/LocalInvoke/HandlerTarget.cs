using System.Reflection;
using System.Runtime.Loader;

namespace LambdaSuite.LocalInvoke;

/// <summary>
/// A resolved handler string <c>Assembly::Namespace.Type::Method</c>: the method the managed runtime
/// would call, loaded in its own <see cref="AssemblyLoadContext"/> so the function's dependencies
/// come from its own output folder (its .deps.json), not from this tool.
/// </summary>
internal sealed class HandlerTarget
{
    private HandlerTarget(Type type, MethodInfo method)
    {
        Type = type;
        Method = method;
    }

    public Type Type { get; }

    public MethodInfo Method { get; }

    public static (string Assembly, string Type, string Method) Parse(string handler)
    {
        var parts = handler.Split("::");
        if (parts.Length != 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw Fail(handler, "is not of the form Assembly::Namespace.Type::Method");
        }

        return (parts[0], parts[1], parts[2]);
    }

    public static HandlerTarget Load(string handler, string outputDirectory)
    {
        var (assemblyName, typeName, methodName) = Parse(handler);
        var path = Path.Combine(outputDirectory, assemblyName + ".dll");
        if (!File.Exists(path))
        {
            throw Fail(handler, $"assembly \"{assemblyName}\" was not found ({path} does not exist)");
        }

        Assembly assembly;
        try
        {
            assembly = new FunctionLoadContext(path).LoadFromAssemblyPath(path);
        }
        catch (BadImageFormatException e)
        {
            throw Fail(handler, $"assembly \"{assemblyName}\" could not be loaded: {e.Message}");
        }

        var type = assembly.GetType(typeName, throwOnError: false)
            ?? throw Fail(handler, $"type \"{typeName}\" was not found in assembly \"{assemblyName}\"");
        var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == methodName).ToList();
        if (candidates.Count == 0)
        {
            throw Fail(handler, $"method \"{methodName}\" was not found as a public method of \"{typeName}\"");
        }

        var method = candidates.FirstOrDefault(HasStreamSignature)
            ?? throw Fail(handler, $"method \"{methodName}\" has the wrong signature ({Describe(candidates[0])}); expected Task<Stream> {methodName}(Stream) or Stream {methodName}(Stream)");
        if (!method.IsStatic && (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null))
        {
            throw Fail(handler, $"type \"{typeName}\" has no public parameterless constructor to create it with");
        }

        return new HandlerTarget(type, method);
    }

    private static bool HasStreamSignature(MethodInfo m) =>
        !m.IsGenericMethodDefinition
        && m.GetParameters() is [{ ParameterType: var input }] && input.IsAssignableFrom(typeof(MemoryStream))
        && (m.ReturnType == typeof(Task<Stream>) || m.ReturnType == typeof(Stream));

    private static string Describe(MethodInfo m) =>
        $"{m.ReturnType.Name} {m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})";

    private static UsageException Fail(string handler, string what) => new($"handler \"{handler}\": {what}");

    /// <summary>Resolves the function's dependencies the way its output folder lays them out.</summary>
    private sealed class FunctionLoadContext(string mainAssembly) : AssemblyLoadContext("function", isCollectible: false)
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainAssembly);
        private readonly string _directory = Path.GetDirectoryName(mainAssembly)!;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = _resolver.ResolveAssemblyToPath(assemblyName)
                ?? Path.Combine(_directory, assemblyName.Name + ".dll");
            // Null falls back to the default context: framework assemblies are shared, as in Lambda.
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
            return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
        }
    }
}
