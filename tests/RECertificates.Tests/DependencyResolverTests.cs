using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using RECertificates.Loading;

namespace RECertificates.Tests;

/// <summary>
/// What the module's resolvers answer, asked directly with assemblies written for the test: the load-context one
/// PowerShell 7 uses, and the AssemblyResolve one Windows PowerShell 5.1 uses (which .NET here runs just the same).
/// </summary>
public class DependencyResolverTests
{
    private static readonly Assembly Module = typeof(RESession).Assembly;

    [Fact]
    public void AssemblyResolve_answers_the_modules_request_with_the_shipped_file_as_a_binding_redirect_would()
    {
        string folder = NewFolder();
        string name = UniqueName();
        string path = WriteAssembly(folder, name, new Version(2, 0, 0, 0));
        var resolver = new AppDomainResolver(new DependencyFolder(folder));

        Assembly? resolved = resolver.Resolve(null, new ResolveEventArgs($"{name}, Version=1.5.0.0", Module));

        Assert.NotNull(resolved);
        Assert.Equal(path, resolved!.Location);
        Assert.Same(resolved, resolver.Resolve(null, new ResolveEventArgs($"{name}, Version=2.0.0.0", null)));
    }

    [Fact]
    public void AssemblyResolve_leaves_other_modules_and_newer_versions_alone()
    {
        string folder = NewFolder();
        string name = UniqueName();
        WriteAssembly(folder, name, new Version(2, 0, 0, 0));
        var resolver = new AppDomainResolver(new DependencyFolder(folder));

        Assert.Null(resolver.Resolve(null, new ResolveEventArgs("Not.Shipped.Here, Version=1.0.0.0", Module)));
        Assert.Null(resolver.Resolve(null, new ResolveEventArgs($"{name}, Version=1.0.0.0", typeof(Assert).Assembly)));
        Assert.Null(resolver.Resolve(null, new ResolveEventArgs($"{name}, Version=3.0.0.0", Module)));
    }

    [Fact]
    public void The_load_context_resolver_loads_dependencies_into_the_modules_own_context()
    {
        string folder = NewFolder();
        string name = UniqueName();
        string path = WriteAssembly(folder, name, new Version(2, 0, 0, 0));
        LoadContextResolver resolver = LoadContextResolver.TryCreate(new DependencyFolder(folder))!;
        Assert.NotNull(resolver);

        Assembly? resolved = resolver.Resolve(resolver.OwnContext, new AssemblyName($"{name}, Version=1.0.0.0"));

        Assert.NotNull(resolved);
        Assert.Equal(path, resolved!.Location);
        Assert.Equal(LoadContextResolver.ContextName, AssemblyLoadContext.GetLoadContext(resolved)!.Name);
        Assert.Same(resolved, resolver.Resolve(resolver.OwnContext, new AssemblyName($"{name}, Version=2.0.0.0")));
        Assert.Null(resolver.Resolve(resolver.OwnContext, new AssemblyName($"{name}, Version=2.1.0.0")));
    }

    [Fact]
    public void The_default_contexts_requests_are_answered_only_for_the_versions_RECertificates_dll_references()
    {
        // A stand-in under the name of a real dependency, in the module's own context only.
        string folder = NewFolder();
        string path = WriteAssembly(folder, "Microsoft.Extensions.DependencyInjection", new Version(8, 0, 0, 0));
        LoadContextResolver resolver = LoadContextResolver.TryCreate(new DependencyFolder(folder))!;
        const string Ours = "Microsoft.Extensions.DependencyInjection, Version=8.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60";
        const string AnotherModules = "Microsoft.Extensions.DependencyInjection, Version=6.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60";
        Assert.Contains(Module.GetReferencedAssemblies(), reference => reference.FullName == Ours);

        Assert.Null(resolver.Resolve(resolver.DefaultContext, new AssemblyName(AnotherModules)));
        Assembly? resolved = resolver.Resolve(resolver.DefaultContext, new AssemblyName(Ours));
        Assert.Equal(path, resolved?.Location);
        Assert.Equal(LoadContextResolver.ContextName, AssemblyLoadContext.GetLoadContext(resolved!)!.Name);
    }

    [Fact]
    public void Libraries_that_are_part_of_dotnet_come_from_dotnet_never_from_the_dependencies_folder()
    {
        string folder = NewFolder();
        string shipped = WriteAssembly(folder, "System.Text.Json", new Version(8, 0, 0, 0));
        LoadContextResolver resolver = LoadContextResolver.TryCreate(new DependencyFolder(folder))!;

        Assembly? resolved = resolver.Resolve(resolver.OwnContext, new AssemblyName("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"));

        Assert.NotNull(resolved);
        Assert.NotEqual(shipped, resolved!.Location);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(resolved));
        Assert.Same(typeof(System.Text.Json.JsonSerializer).Assembly, resolved);
    }

    /// <summary>Left behind on purpose: Windows keeps the file of a loaded assembly locked until the process ends.</summary>
    private static string NewFolder() => Directory.CreateTempSubdirectory("recerts-resolver-").FullName;

    private static string UniqueName() => "RECertificates.ResolverProbe" + Guid.NewGuid().ToString("N");

    /// <summary>Writes a tiny assembly of that name and version, never loaded before.</summary>
    private static string WriteAssembly(string folder, string name, Version version)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName(name) { Version = version }, typeof(object).Assembly);
        ModuleBuilder module = builder.DefineDynamicModule(name);
        module.DefineType("Probe", TypeAttributes.Public | TypeAttributes.Class).CreateType();
        string path = Path.Combine(folder, name + ".dll");
        builder.Save(path);
        return path;
    }
}
