using System.Management.Automation;
using RECertificates.Commands;

namespace RECertificates.Tests;

/// <summary>What a cluster says is shown with its control characters escaped (issue 23, item 3).</summary>
public class DisplayTextTests
{
    [Theory]
    [InlineData("\u001b[31mred", "\\u001B[31mred")]
    [InlineData("a\rb\nc\td", "a\\u000Db\\u000Ac\\u0009d")]
    [InlineData("bell\u0007 csi\u009b", "bell\\u0007 csi\\u009B")]
    [InlineData("abc\u202Efdp.exe", "abc\\u202Efdp.exe")]
    [InlineData("plain 'text' \\u001B stays", "plain 'text' \\u001B stays")]
    public void Escapes_control_characters_and_reordering_marks(string text, string shown)
    {
        Assert.Equal(shown, DisplayText.Escape(text));
    }

    [Fact]
    public void The_module_s_own_text_is_left_as_it_is()
    {
        const string message = "Certificate 'proxy' of cluster 'c1.example.com' expires on 2027-01-01 (ünïcödé is fine).";
        Assert.False(DisplayText.NeedsEscape(message));
        Assert.Same(message, DisplayText.Escape(message));
        Assert.Null(DisplayText.Escape(null));
    }

    [Fact]
    public void An_error_record_shows_the_escaped_message_and_target()
    {
        var record = new ErrorRecord(new InvalidOperationException("cluster 'a\u001b[2Jb' refused"), "Refused", ErrorCategory.InvalidOperation, "a\u001b]0;t\u0007");

        ErrorRecord shown = RECmdlet.ForDisplay(record);

        Assert.Equal("cluster 'a\\u001B[2Jb' refused", shown.ErrorDetails.Message);
        Assert.DoesNotContain('\u001b', shown.ToString());
        Assert.DoesNotContain('\u001b', shown.CategoryInfo.ToString());
    }
}
