using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;

namespace RECertificates.Tests;

/// <summary>
/// A cmdlet is one fact that lives in several places: its class, the manifest's CmdletsToExport, its file, the README's
/// table and, for a new output type, a default view. These fail when a cmdlet is added in one of them only (its help
/// page and the module page are checked by tests/Help.Tests.ps1, for every exported cmdlet).
/// </summary>
public class ModuleSurfaceConsistencyTests
{
    private static readonly Assembly Module = typeof(RESession).Assembly;

    private static IReadOnlyList<Type> CmdletTypes { get; } = Module.GetTypes()
        .Where(type => typeof(Cmdlet).IsAssignableFrom(type) && !type.IsAbstract && type.GetCustomAttribute<CmdletAttribute>() != null)
        .ToList();

    [Fact]
    public void The_manifest_exports_every_cmdlet_class_and_nothing_else()
    {
        Assert.Contains(CmdletTypes, type => type.Name == "SetRECertificateCommand");
        string manifest = RepositoryFiles.Read("RECertificates.psd1");
        Match list = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\((?<names>[^)]*)\)");
        Assert.True(list.Success, "RECertificates.psd1 has no CmdletsToExport = @(...).");
        List<string> exported = Regex.Matches(list.Groups["names"].Value, "'([^']+)'").Select(m => m.Groups[1].Value).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(CmdletTypes.Select(NameOf).OrderBy(n => n, StringComparer.Ordinal).ToList(), exported);
    }

    /// <summary>
    /// A cmdlet is read top to bottom in its own class: the abstract bases between it and RECmdlet (the plumbing every
    /// cmdlet shares) declare parameters, never a step of the pipeline or any other method. Behaviour two cmdlets
    /// share goes in a plain class both call, such as CertificateCollector or CertificateReplacement.
    /// </summary>
    [Fact]
    public void Cmdlet_bases_below_RECmdlet_declare_parameters_only()
    {
        List<Type> bases = Module.GetTypes().Where(type => type.IsAbstract && type.IsSubclassOf(typeof(Commands.RECmdlet))).ToList();
        Assert.Contains(bases, type => type.Name == "CertificateInputCmdlet");
        foreach (Type type in bases)
        {
            List<string> methods = type.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(method => !method.IsSpecialName)
                .Select(method => method.Name)
                .ToList();
            Assert.True(methods.Count == 0, $"{type.Name} declares {string.Join(", ", methods)}: put that behaviour in a plain class the cmdlets call.");
            foreach (PropertyInfo property in type.GetProperties(BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Public))
            {
                Assert.True(property.GetCustomAttributes<ParameterAttribute>().Any(), $"{type.Name}.{property.Name} is public but not a parameter.");
            }
        }
    }

    [Fact]
    public void Every_cmdlet_class_is_in_the_file_named_after_it()
    {
        foreach (Type type in CmdletTypes)
        {
            string file = $"src/RECertificates/Commands/{type.Name}.cs";
            Assert.True(File.Exists(RepositoryFiles.PathOf(file)), $"{NameOf(type)} is not in {file}.");
        }
    }

    [Fact]
    public void The_readme_table_lists_every_cmdlet_once()
    {
        string table = RepositoryFiles.Section("README.md", "| Cmdlet | What it does |", "\n\n");
        List<string> listed = Regex.Matches(table, @"^\| `([A-Za-z]+-[A-Za-z]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(CmdletTypes.Select(NameOf).OrderBy(n => n, StringComparer.Ordinal).ToList(), listed);
    }

    [Fact]
    public void Every_output_type_of_the_module_has_a_default_view()
    {
        string views = RepositoryFiles.Read("src/RECertificates/RECertificates.format.ps1xml");
        List<Type> outputs = CmdletTypes
            .SelectMany(type => type.GetCustomAttributes<OutputTypeAttribute>())
            .SelectMany(attribute => attribute.Type)
            .Select(name => name.Type)
            .OfType<Type>()
            .Where(type => type.Assembly == Module)
            .Distinct()
            .ToList();
        Assert.Contains(typeof(RECertificate), outputs);
        foreach (Type output in outputs)
        {
            Assert.True(views.Contains($"<TypeName>{output.FullName}</TypeName>", StringComparison.Ordinal), $"{output.FullName} is a cmdlet's output type but has no view in RECertificates.format.ps1xml.");
        }
    }

    private static string NameOf(Type cmdlet)
    {
        CmdletAttribute attribute = cmdlet.GetCustomAttribute<CmdletAttribute>()!;
        return $"{attribute.VerbName}-{attribute.NounName}";
    }
}
