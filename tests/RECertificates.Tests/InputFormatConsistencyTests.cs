using System.Reflection;
using System.Text.RegularExpressions;
using RECertificates.Certificates;
using RECertificates.Certificates.Sources;

namespace RECertificates.Tests;

/// <summary>
/// An input format is added in code (a reader listed in ContentReaders, its file names in CertificateFileName) and told
/// in about_RECertificates ("File names", "Which files are read how"). These fail when the help lags behind the code,
/// so adding a format touches three code files and a test names the page that still needs a line.
/// </summary>
public class InputFormatConsistencyTests
{
    private const string About = "docs/en-US/about_RECertificates.md";

    private static string FileNamesSection => RepositoryFiles.Section(About, "### File names", "\n### ");

    private static string FormatsSection => RepositoryFiles.Section(About, "### Which files are read how", "\nThe key may be");

    [Fact]
    public void Every_file_name_the_module_recognizes_is_in_the_help()
    {
        var suffixes = (Array)typeof(CertificateFileName)
            .GetField("Suffixes", BindingFlags.NonPublic | BindingFlags.Static)!
            .GetValue(null)!;
        Assert.True(suffixes.Length > 10, "CertificateFileName's suffix table was not found.");

        var missing = new List<string>();
        foreach (object entry in suffixes)
        {
            string suffix = (string)entry.GetType().GetField("Item1")!.GetValue(entry)!;
            // The help writes a suffix on the name 'proxy', with '-' or '_' (the two read alike).
            string[] spellings = [$"`proxy{suffix}`", $"`proxy{suffix.Replace('_', '-')}`"];
            if (!spellings.Any(FileNamesSection.Contains))
            {
                missing.Add(suffix);
            }
        }

        Assert.True(missing.Count == 0, $"{About} ('File names') does not show these file names CertificateFileName reads: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_reader_is_plugged_in_and_has_its_line_in_the_help()
    {
        Type[] implementations = typeof(IContentReader).Assembly.GetTypes()
            .Where(type => typeof(IContentReader).IsAssignableFrom(type) && type is { IsInterface: false, IsAbstract: false })
            .ToArray();
        var listed = (IContentReader[])typeof(ContentReaders)
            .GetField("Readers", BindingFlags.NonPublic | BindingFlags.Static)!
            .GetValue(null)!;

        Assert.True(implementations.Length >= 3, "No IContentReader implementations were found.");
        Assert.Equal(implementations.OrderBy(t => t.Name), listed.Select(reader => reader.GetType()).OrderBy(t => t.Name));

        // One bullet per format a file may hold.
        int bullets = Regex.Matches(FormatsSection, @"^- ", RegexOptions.Multiline).Count;
        Assert.True(bullets == listed.Length,
            $"{About} ('Which files are read how') has {bullets} formats, and ContentReaders reads {listed.Length}: give each reader its line.");
    }
}
