using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Tests;

public class CertificateFileReaderTests
{
    private static readonly TestCertificates.Issued Proxy = TestCertificates.Rsa();

    private static string ErrorId(Action read) => Assert.Throws<CertificateInputException>(read).Issue.Id;

    /// <summary>A file read as the module reads it: the bytes (with the file checks), then decoded as text.</summary>
    private static char[] ReadChars(string path) => CertificateFileReader.Decode(CertificateFileReader.ReadBytes(path), path);

    [Theory]
    [InlineData("utf8")]
    [InlineData("utf8bom")]
    [InlineData("utf16le")]
    [InlineData("utf16be")]
    public void Decodes_the_encodings_editors_write(string encoding)
    {
        string text = Proxy.CertificatePem.Replace("\n", "\r\n");
        byte[] bytes = encoding switch
        {
            "utf8" => new UTF8Encoding(false).GetBytes(text),
            "utf8bom" => [.. new UTF8Encoding(true).GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            _ => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
        };
        using var dir = new TempDirectory();
        string path = dir.Write("proxy.pem", bytes);

        char[] chars = ReadChars(path);
        var blocks = PemReader.Read(chars, path);

        Assert.Equal(Proxy.Certificate.RawData, Assert.Single(blocks).Data);
    }

    [Fact]
    public void Reports_a_missing_file_by_its_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid() + ".pem");
        var e = Assert.Throws<CertificateInputException>(() => ReadChars(path));
        Assert.Equal(IssueIds.FileNotFound, e.Issue.Id);
        Assert.Equal(FailureKind.ObjectNotFound, e.Issue.Kind);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Reports_a_directory()
    {
        using var dir = new TempDirectory();
        Assert.Equal(IssueIds.PathIsDirectory, ErrorId(() => ReadChars(dir.Path)));
    }

    [Fact]
    public void Refuses_a_huge_file_without_reading_it()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "huge.pem");
        using (var stream = File.Create(path))
        {
            stream.SetLength(50L * 1024 * 1024); // sparse: cheap to make, slow and wasteful to read
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<CertificateInputException>(() => ReadChars(path));
        Assert.Equal(IssueIds.FileTooLarge, e.Issue.Id);
        Assert.True(started.ElapsedMilliseconds < 100, $"took {started.ElapsedMilliseconds} ms: the file was read");
    }

    [Fact]
    public void Reports_an_empty_file()
    {
        using var dir = new TempDirectory();
        Assert.Equal(IssueIds.EmptyFile, ErrorId(() => ReadChars(dir.Write("proxy.pem", Array.Empty<byte>()))));
    }

    [Fact]
    public void Refuses_a_device_at_once_instead_of_reading_it_to_the_end()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no /dev/zero
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<CertificateInputException>(() => CertificateFileReader.ReadBytes("/dev/zero"));
        Assert.Equal(IssueIds.EmptyFile, e.Issue.Id);
        Assert.Contains("not a regular file", e.Message);
        Assert.True(started.ElapsedMilliseconds < 2000, $"took {started.ElapsedMilliseconds} ms: the device was read");
    }

    [Fact]
    public async Task Refuses_a_named_pipe_instead_of_waiting_for_a_writer()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // named pipes are not files there
        }

        using var dir = new TempDirectory();
        string fifo = Path.Combine(dir.Path, "proxy.pem");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        Task<byte[]> reading = Task.Run(() => CertificateFileReader.ReadBytes(fifo));
        Task finished = await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.True(finished == reading, "reading a named pipe hung");
        var e = await Assert.ThrowsAsync<CertificateInputException>(() => reading);
        Assert.Equal(IssueIds.EmptyFile, e.Issue.Id);
    }

    [Fact]
    public void Stops_when_cancelled()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("proxy.pem", Proxy.CertificatePem);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => CertificateFileReader.ReadBytes(path, cancelled.Token));
    }

    [Fact]
    public void Reports_an_unreadable_file_as_access_denied()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
        {
            return; // root reads anything; Windows needs ACLs: the path is the same code either way
        }

        using var dir = new TempDirectory();
        string path = dir.Write("proxy.pem", Proxy.CertificatePem);
        File.SetUnixFileMode(path, UnixFileMode.None);
        try
        {
            var e = Assert.Throws<CertificateInputException>(() => ReadChars(path));
            Assert.Equal(IssueIds.FileAccessDenied, e.Issue.Id);
            Assert.Equal(FailureKind.PermissionDenied, e.Issue.Kind);
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
