using System.Reflection;
using System.Text.RegularExpressions;

namespace RECertificates.Tests;

/// <summary>
/// Folders are namespaces, so a type's namespace says where its file is and what it may depend on. The public types
/// that scripts name ([RECertificates.RESession], [RECertificates.REApiException], a format view's type name) stay in
/// RECertificates, wherever their file sits, as the contract puts them.
/// </summary>
public class NamespaceLayoutTests
{
    private static readonly string[] ContractTypes =
    [
        "RECertificate", "RECertificateRequest", "RECertificateRenewal", "REApiException", "RESession", "SessionAuthentication", "CertificateTestResult",
        "REServedCertificate",
        "RECertificatePolicy",
    ];

    private static readonly string SourceRoot = RepositoryFiles.PathOf("src/RECertificates");

    [Fact]
    public void The_RECertificates_namespace_holds_the_contract_types_and_nothing_else()
    {
        List<string> inRoot = typeof(RESession).Assembly.GetTypes()
            .Where(type => type.Namespace == "RECertificates" && !type.IsNested && type.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() == null)
            .Where(type => !type.Name.StartsWith('<') && type.Name != "EmbeddedAttribute" && type.Name != "NullableAttribute" && type.Name != "NullableContextAttribute")
            .Select(type => type.Name)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(ContractTypes.OrderBy(name => name, StringComparer.Ordinal).ToList(), inRoot);
    }

    [Fact]
    public void Every_source_file_is_in_the_namespace_of_its_folder()
    {
        List<string> files = Directory.EnumerateFiles(SourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(file))
            .ToList();
        Assert.Contains(files, file => file.EndsWith("CertificateCollector.cs", StringComparison.Ordinal));
        foreach (string file in files)
        {
            string text = File.ReadAllText(file);
            string declared = Regex.Match(text, @"^namespace ([\w.]+)", RegexOptions.Multiline).Groups[1].Value;
            string folder = Path.GetRelativePath(SourceRoot, Path.GetDirectoryName(file)!);
            string expected = folder == "." ? "RECertificates" : "RECertificates." + folder.Replace(Path.DirectorySeparatorChar, '.');
            bool holdsContractType = ContractTypes.Any(name => Regex.IsMatch(text, $@"^    public (sealed |abstract |static )*(class|enum|struct) {name}\b", RegexOptions.Multiline));
            string relative = Path.GetRelativePath(SourceRoot, file);
            Assert.True(declared == (holdsContractType ? "RECertificates" : expected),
                $"{relative} declares namespace '{declared}'; it belongs in '{(holdsContractType ? "RECertificates" : expected)}'.");
        }
    }

    private static bool IsBuildOutput(string file)
    {
        string relative = Path.GetRelativePath(SourceRoot, file).Replace(Path.DirectorySeparatorChar, '/');
        return relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal);
    }
}
