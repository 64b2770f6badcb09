using System.Reflection;
using System.Text.RegularExpressions;

namespace RECertificates.Tests;

/// <summary>
/// ARCHITECTURE.md is where a newcomer learns where to change what; a claim there that the code no longer makes is
/// worse than none. Every file it names must exist, and every type or member it names in code quotes must be one the
/// module, its simulator, its tests or the frameworks they run on really have.
/// </summary>
public class ArchitectureDocumentTests
{
    private static readonly string Text = RepositoryFiles.Read("ARCHITECTURE.md");

    private static readonly Lazy<HashSet<string>> KnownNames = new(CollectKnownNames);

    [Fact]
    public void Every_file_it_names_exists()
    {
        List<string> paths = Regex.Matches(Text, @"`([\w./-]+\.(?:cs|ps1|psm1|psd1|ps1xml|md|csproj))`")
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToList();
        Assert.True(paths.Count > 20, $"ARCHITECTURE.md names only {paths.Count} files: the pattern no longer finds them.");
        List<string> missing = paths.Where(path => !Exists(path)).ToList();
        Assert.True(missing.Count == 0, "ARCHITECTURE.md names files that are not there: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_type_and_member_it_names_exists()
    {
        // `CertificateReplacement`, `RESession.Label`, `ICommandHost`: CamelCase words in code quotes, each part checked.
        List<string> names = Regex.Matches(Text, @"`([A-Z][A-Za-z0-9]*[a-z][A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)*)`")
            .SelectMany(m => m.Groups[1].Value.Split('.'))
            .Distinct()
            .ToList();
        Assert.True(names.Count > 30, $"ARCHITECTURE.md names only {names.Count} types and members: the pattern no longer finds them.");
        List<string> unknown = names.Where(name => !KnownNames.Value.Contains(name)).ToList();
        Assert.True(unknown.Count == 0, "ARCHITECTURE.md names what the code does not have: " + string.Join(", ", unknown));
    }

    [Theory]
    [InlineData("Add a certificate name")]
    [InlineData("Add an input format")]
    [InlineData("Add an endpoint")]
    [InlineData("Add a cmdlet")]
    [InlineData("Change the retry rules")]
    public void A_common_change_touches_at_most_three_code_files_and_a_test_finds_its_help(string change)
    {
        string row = Text.Split('\n').SingleOrDefault(line => line.StartsWith($"| {change} |", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"ARCHITECTURE.md's 'Where to change what' has no row '{change}'.");

        // "Code: ..." up to the first sentence that starts another list ("Help:", "Elsewhere, on purpose:").
        Match code = Regex.Match(row, @"Code:(.*?)\.\s+[A-Z][\w ,]*:");
        Assert.True(code.Success, $"The row '{change}' does not say which code files it takes ('Code: ... . Help: ...').");

        // "`ClusterClient.cs`, or `ClusterClient.Lifecycle.cs`" is one file either way.
        string alternativesAsOne = Regex.Replace(code.Groups[1].Value, @",? or `[^`]+`", string.Empty);
        List<string> files = Regex.Matches(alternativesAsOne, @"`([\w./<>-]+\.(?:cs|psd1|ps1xml))`")
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToList();
        Assert.True(files.Count is >= 1 and <= 3, $"The row '{change}' names {files.Count} code files: {string.Join(", ", files)}.");

        // What the change needs besides code is found by a test the row names.
        Assert.Matches(@"`[\w/.]*Tests(?:\.ps1)?`|the compiler", row);
    }

    /// <summary>A path as the page writes it: under src/RECertificates/ unless it starts with a top folder, or a file found anywhere by name.</summary>
    private static bool Exists(string path)
    {
        string[] roots = ["", "src/RECertificates/", "src/RECertificates.Simulator/", "tests/RECertificates.Tests/", "docs/en-US/", "tests/"];
        if (roots.Any(root => File.Exists(RepositoryFiles.PathOf(root + path))))
        {
            return true;
        }

        // A bare file name ("Set-RECertificate.md") is found wherever the project keeps it.
        return !path.Contains('/') && Directory.EnumerateFiles(RepositoryFiles.PathOf("."), path, SearchOption.AllDirectories)
            .Any(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));
    }

    private static HashSet<string> CollectKnownNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Assembly[] assemblies =
        [
            typeof(RESession).Assembly,
            typeof(ArchitectureDocumentTests).Assembly,
            typeof(System.Management.Automation.PSCmdlet).Assembly,
            typeof(HttpClient).Assembly,
            typeof(System.Net.Http.SocketsHttpHandler).Assembly,
            typeof(System.Security.Cryptography.X509Certificates.X509Certificate2).Assembly,
            typeof(System.Security.SecureString).Assembly,
            typeof(object).Assembly,
        ];
        foreach (Type type in assemblies.SelectMany(LoadableTypes))
        {
            names.Add(Regex.Replace(type.Name, "`.*$", string.Empty));
            foreach (MemberInfo member in type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                names.Add(member.Name);
            }
        }

        // The simulator is a program the tests start, not a reference: its names are read from its sources.
        foreach (string file in Directory.EnumerateFiles(RepositoryFiles.PathOf("src/RECertificates.Simulator"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match declared in Regex.Matches(File.ReadAllText(file), @"\b(?:class|record|struct|enum|interface)\s+(\w+)|\b(\w+)\s*(?:\(|\{\s*get)"))
            {
                names.Add(declared.Groups[1].Success ? declared.Groups[1].Value : declared.Groups[2].Value);
            }
        }

        // IHttpClientFactory's package is a dependency of the module, not of the tests.
        names.Add("IHttpClientFactory");
        return names;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t != null)!;
        }
    }
}
