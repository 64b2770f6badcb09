using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace RECertificates.Tests;

/// <summary>
/// What RECertificates.dll itself references, read from its metadata rather than through reflection: in this test
/// process System.Memory's Span&lt;T&gt; resolves to the core library, while the compiled module asks System.Memory.
/// </summary>
internal static class ModuleAssemblyMetadata
{
    /// <summary>Assemblies PowerShell itself provides; every other reference is shipped in dependencies/.</summary>
    private static readonly string[] Platform = ["netstandard", "System.Management.Automation"];

    private static readonly Lazy<IReadOnlyList<(string Assembly, string Type)>> References = new(ReadTypeReferences);

    /// <summary>Full names (nested with '+', generics with their `arity) of every type the module references.</summary>
    public static IEnumerable<string> ReferencedTypes => References.Value.Select(reference => reference.Type);

    /// <summary>The module's references to types of the assemblies it ships in dependencies/.</summary>
    public static HashSet<string> DependencyTypes =>
        References.Value.Where(reference => !Platform.Contains(reference.Assembly)).Select(reference => reference.Type).ToHashSet(StringComparer.Ordinal);

    public static HashSet<string> DependencyAssemblies =>
        References.Value.Select(reference => reference.Assembly).Where(name => !Platform.Contains(name)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static IReadOnlyList<(string Assembly, string Type)> ReadTypeReferences()
    {
        using FileStream stream = File.OpenRead(typeof(RESession).Assembly.Location);
        using var reader = new PEReader(stream);
        MetadataReader metadata = reader.GetMetadataReader();
        var references = new List<(string, string)>();
        foreach (TypeReferenceHandle handle in metadata.TypeReferences)
        {
            TypeReference type = metadata.GetTypeReference(handle);
            string fullName = NameOf(metadata, type);
            EntityHandle scope = type.ResolutionScope;
            while (scope.Kind == HandleKind.TypeReference)
            {
                TypeReference outer = metadata.GetTypeReference((TypeReferenceHandle)scope);
                fullName = NameOf(metadata, outer) + "+" + fullName;
                scope = outer.ResolutionScope;
            }

            if (scope.Kind == HandleKind.AssemblyReference)
            {
                references.Add((metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name), fullName));
            }
        }

        return references;
    }

    private static string NameOf(MetadataReader metadata, TypeReference type)
    {
        string name = metadata.GetString(type.Name);
        string space = metadata.GetString(type.Namespace);
        return space.Length == 0 ? name : space + "." + name;
    }
}
