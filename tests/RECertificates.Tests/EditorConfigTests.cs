using System.Text.RegularExpressions;

namespace RECertificates.Tests;

/// <summary>
/// The .editorconfig states the style the code follows; nothing in the build enforces it, so these tests hold the
/// code to what it says (and fail, naming the file and line, where one of the two moved without the other).
/// </summary>
public class EditorConfigTests
{
    private static readonly string[] Folders = ["src", "tests", "tools", "docs"];

    private static readonly string[] TextExtensions = [".cs", ".ps1", ".psm1", ".psd1", ".ps1xml", ".csproj", ".props", ".md", ".json"];

    [Fact]
    public void The_editorconfig_says_what_these_tests_hold()
    {
        string config = RepositoryFiles.Read(".editorconfig");
        Assert.Contains("end_of_line = lf", config);
        Assert.Contains("insert_final_newline = true", config);
        Assert.Contains("indent_style = space", config);
        Assert.Contains("trim_trailing_whitespace = true", config);
        Assert.Contains("csharp_new_line_before_open_brace = all", config);
        Assert.Contains("csharp_style_namespace_declarations = block_scoped", config);
        Assert.Contains("csharp_style_namespace_declarations = file_scoped", config);
    }

    [Fact]
    public void Every_text_file_is_utf8_without_a_byte_order_mark_with_lf_line_ends_spaces_and_a_final_newline()
    {
        List<string> files = SourceFiles(TextExtensions).ToList();
        Assert.Contains(files, f => f.EndsWith("RECmdlet.cs", StringComparison.Ordinal));
        var problems = new List<string>();
        foreach (string file in files)
        {
            byte[] bytes = File.ReadAllBytes(file);
            string relative = Relative(file);
            if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            {
                problems.Add($"{relative}: starts with a byte order mark");
            }

            if (bytes.Contains((byte)'\r'))
            {
                problems.Add($"{relative}: has CR line ends");
            }

            if (bytes.Length > 0 && bytes[^1] != (byte)'\n')
            {
                problems.Add($"{relative}: does not end with a newline");
            }

            string[] lines = File.ReadAllText(file).Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains('\t') && !file.EndsWith(".md", StringComparison.Ordinal))
                {
                    problems.Add($"{relative}:{i + 1}: a tab");
                }

                if (lines[i].EndsWith(' ') && !file.EndsWith(".md", StringComparison.Ordinal))
                {
                    problems.Add($"{relative}:{i + 1}: trailing whitespace");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    [Fact]
    public void The_module_and_its_tests_put_every_brace_on_a_line_of_its_own_and_never_leave_one_out()
    {
        var problems = new List<string>();
        foreach (string file in SourceFiles([".cs"]).Where(f => !Relative(f).StartsWith("src/RECertificates.Simulator/", StringComparison.Ordinal)))
        {
            string[] lines = File.ReadAllText(file).Split('\n');
            bool inVerbatimText = false;
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                // Text (a verbatim string over several lines, such as the report's CSS) is not code.
                if (inVerbatimText)
                {
                    inVerbatimText = !line.Contains('"');
                    continue;
                }

                int verbatim = line.IndexOf("@\"", StringComparison.Ordinal);
                if (verbatim >= 0 && line.IndexOf('"', verbatim + 2) < 0)
                {
                    inVerbatimText = true;
                    continue;
                }

                // Text in quotes on one line (an interpolation) is not code either.
                if (!line.Contains('"') && !line.StartsWith("//", StringComparison.Ordinal) && line.Length > 1 && line.EndsWith('{'))
                {
                    problems.Add($"{Relative(file)}:{i + 1}: an opening brace at the end of a line");
                }

                // A condition that goes on over the next lines is not a statement yet.
                bool control = (Regex.IsMatch(line, @"^(if|else if|for|foreach|while|lock)\s*\(.*\)$") && line.Count(c => c == '(') == line.Count(c => c == ')')) || line == "else";
                if (control && i + 1 < lines.Length && lines[i + 1].Trim() != "{" && !lines[i + 1].Trim().StartsWith("//", StringComparison.Ordinal))
                {
                    problems.Add($"{Relative(file)}:{i + 1}: '{line}' without braces");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    [Fact]
    public void The_module_declares_namespaces_in_blocks_and_the_tests_file_scoped()
    {
        var problems = new List<string>();
        foreach (string file in SourceFiles([".cs"]))
        {
            string relative = Relative(file);
            Match declaration = Regex.Match(File.ReadAllText(file), @"^namespace [\w.]+(;?)", RegexOptions.Multiline);
            if (!declaration.Success)
            {
                continue;
            }

            bool fileScoped = declaration.Groups[1].Value == ";";
            bool wantsFileScoped = relative.StartsWith("tests/", StringComparison.Ordinal);
            if (relative.StartsWith("src/RECertificates/", StringComparison.Ordinal) || relative.StartsWith("tests/RECertificates.Tests/", StringComparison.Ordinal))
            {
                if (fileScoped != wantsFileScoped)
                {
                    problems.Add($"{relative}: {(fileScoped ? "file-scoped" : "block")} namespace");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<string> SourceFiles(string[] extensions) =>
        Folders.SelectMany(folder => Directory.EnumerateFiles(RepositoryFiles.PathOf(folder), "*", SearchOption.AllDirectories))
            .Where(file => extensions.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Where(file => !IsGenerated(Relative(file)));

    /// <summary>Build output and restored packages are not the project's text.</summary>
    private static bool IsGenerated(string relative) =>
        Regex.IsMatch(relative, @"(^|/)(bin|obj|packages|node_modules|TestResults)/") || relative.StartsWith("out/", StringComparison.Ordinal);

    private static string Relative(string file) => Path.GetRelativePath(RepositoryFiles.PathOf("."), file).Replace(Path.DirectorySeparatorChar, '/');
}
