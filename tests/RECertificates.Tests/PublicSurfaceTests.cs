using System.Management.Automation;
using System.Reflection;

namespace RECertificates.Tests;

/// <summary>
/// The module's dependencies live in a load context of their own on PowerShell 7 and are found only through its
/// resolver: a type of theirs in a public signature would be a different type from another module's copy, and one in a
/// cmdlet's fields would be loaded by PowerShell's own reflection. So none may appear in either.
/// </summary>
public class PublicSurfaceTests
{
    private static readonly HashSet<string> DependencyTypes = ModuleAssemblyMetadata.DependencyTypes;
    private static readonly HashSet<string> DependencyAssemblies = ModuleAssemblyMetadata.DependencyAssemblies;
    private static readonly Assembly Module = typeof(RESession).Assembly;

    [Fact]
    public void The_check_sees_the_dependency_types_the_module_uses()
    {
        // Without these the other tests would pass vacuously.
        Assert.Contains("Microsoft.Extensions.DependencyInjection.ServiceCollection", DependencyTypes);
        Assert.Contains("System.Text.Json.Utf8JsonWriter", DependencyTypes);
        Assert.Contains("System.ReadOnlySpan`1", DependencyTypes);
        Assert.True(IsFromDependency(typeof(System.Text.Json.JsonElement[])));
        Assert.True(IsFromDependency(typeof(IReadOnlyList<ReadOnlyMemory<byte>>)));
        Assert.False(IsFromDependency(typeof(IReadOnlyList<string>)));
    }

    [Fact]
    public void No_public_or_protected_member_of_a_public_type_names_a_dependency_type()
    {
        var offenders = new List<string>();
        foreach (Type type in Module.GetExportedTypes())
        {
            foreach (Type signature in new[] { type.BaseType }.Concat(type.GetInterfaces()).OfType<Type>())
            {
                Note(offenders, type, "base or interface", signature);
            }

            foreach (MemberInfo member in type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                foreach (Type signature in VisibleSignatureTypes(member))
                {
                    Note(offenders, type, member.Name, signature);
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void No_cmdlet_holds_a_dependency_type_in_a_field()
    {
        Type[] cmdlets = Module.GetTypes().Where(type => typeof(Cmdlet).IsAssignableFrom(type)).ToArray();
        Assert.Contains(cmdlets, type => type.Name == "GetRECertificateCommand");

        var offenders = new List<string>();
        foreach (Type cmdlet in cmdlets)
        {
            // Its own fields and those of its bases in this module (RECmdlet), backing fields of properties included.
            for (Type? type = cmdlet; type != null && type.Assembly == Module; type = type.BaseType)
            {
                foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                {
                    Note(offenders, cmdlet, field.Name, field.FieldType);
                }
            }
        }

        Assert.Empty(offenders);
    }

    private static IEnumerable<Type> VisibleSignatureTypes(MemberInfo member)
    {
        switch (member)
        {
            case FieldInfo field when field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly:
                yield return field.FieldType;
                break;
            case PropertyInfo property when property.GetAccessors(nonPublic: true).Any(IsVisible):
                yield return property.PropertyType;
                foreach (ParameterInfo index in property.GetIndexParameters())
                {
                    yield return index.ParameterType;
                }

                break;
            case MethodBase method when IsVisible(method):
                if (method is MethodInfo withResult)
                {
                    yield return withResult.ReturnType;
                }

                foreach (ParameterInfo parameter in method.GetParameters())
                {
                    yield return parameter.ParameterType;
                }

                break;
            case EventInfo @event when @event.AddMethod != null && IsVisible(@event.AddMethod):
                yield return @event.EventHandlerType!;
                break;
            case Type nested when nested.IsNestedPublic || nested.IsNestedFamily:
                // Nested public types are among the exported types and checked there.
                break;
        }
    }

    private static bool IsVisible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static void Note(List<string> offenders, Type owner, string member, Type type)
    {
        if (IsFromDependency(type))
        {
            offenders.Add($"{owner.FullName}.{member}: {type}");
        }
    }

    private static bool IsFromDependency(Type type)
    {
        if (type.HasElementType)
        {
            return IsFromDependency(type.GetElementType()!);
        }

        if (type.IsGenericParameter)
        {
            return false;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            if (type.GetGenericArguments().Any(IsFromDependency))
            {
                return true;
            }

            type = type.GetGenericTypeDefinition();
        }

        return DependencyAssemblies.Contains(type.Assembly.GetName().Name!) || DependencyTypes.Contains(type.FullName ?? type.Name);
    }
}
