namespace RECertificates.Tests;

/// <summary>The repository's own files (help pages, README, manifest), found from the test's output folder upwards.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string PathOf(string relativePath) => Path.Combine(Root.Value, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath)).Replace("\r\n", "\n");

    /// <summary>
    /// The text of <paramref name="relativePath"/> from the first <paramref name="start"/> to the next
    /// <paramref name="end"/> after it; fails the test, naming the file, when either cannot be found.
    /// </summary>
    public static string Section(string relativePath, string start, string end)
    {
        string text = Read(relativePath);
        int from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"{relativePath} has no '{start}'.");
        int to = text.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        Assert.True(to >= 0, $"{relativePath} has no '{end}' after '{start}'.");
        return text.Substring(from, to - from);
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RECertificates.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No RECertificates.sln above {AppContext.BaseDirectory}.");
    }
}
