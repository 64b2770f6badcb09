using System.Text;
using RECertificates.Renewal;

namespace RECertificates.Tests;

/// <summary>
/// Key files and their folders are the owner's from the first moment (issue 23, item 1). The tests run as root here,
/// where permission checks are bypassed, so they cannot show another user being refused; what they show is the mode
/// the file has at the earliest moment it exists (the seam runs right after the call that creates it, before any
/// byte is written and before any later call could change it), which is what decides whether another user could
/// have opened it. On Windows the ACL path is written but not run here.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class OwnerOnlyFileTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void A_key_file_of_a_batch_is_owner_only_before_its_first_byte()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        var born = new List<(string Path, UnixFileMode Mode, long Length)>();
        OwnerOnlyFile.Created = path => born.Add((path, File.GetUnixFileMode(path), new FileInfo(path).Length));
        try
        {
            using var batch = new FileBatch();
            batch.Add(Path.Combine(dir.Path, "proxy.key"), Encoding.ASCII.GetBytes("-----BEGIN PRIVATE KEY-----"), isSecret: true);
            batch.Add(Path.Combine(dir.Path, "proxy.csr"), Encoding.ASCII.GetBytes("request"), isSecret: false);
            batch.Commit(overwrite: false);
        }
        finally
        {
            OwnerOnlyFile.Created = null;
        }

        // Only the key goes through the owner-only creation, and it was 600 while still empty.
        var key = Assert.Single(born);
        Assert.StartsWith(".proxy.key.", Path.GetFileName(key.Path), StringComparison.Ordinal);
        Assert.Equal(OwnerReadWrite, key.Mode);
        Assert.Equal(0, key.Length);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(dir.Path, "proxy.key")));
    }

    [Fact]
    public void A_created_file_is_owner_only_however_open_the_umask_leaves_others()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "k.key");
        UnixFileMode? atCreation = null;
        OwnerOnlyFile.Created = p => atCreation = File.GetUnixFileMode(p);
        try
        {
            using (FileStream stream = OwnerOnlyFile.CreateNew(path))
            {
                Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            OwnerOnlyFile.Created = null;
        }

        Assert.Equal(OwnerReadWrite, atCreation);
        Assert.Throws<IOException>(() => OwnerOnlyFile.CreateNew(path).Dispose()); // never opens an existing file
    }

    [Fact]
    public void Folders_created_for_keys_are_owner_only_and_an_existing_one_is_left_alone()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        File.SetUnixFileMode(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        string nested = Path.Combine(dir.Path, "cluster.example.com", "20261129T031500Z");

        CertificateFiles.CreateFolder(nested);

        const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(OwnerAll, File.GetUnixFileMode(nested));
        Assert.Equal(OwnerAll, File.GetUnixFileMode(Path.GetDirectoryName(nested)!));
        Assert.NotEqual(OwnerAll, File.GetUnixFileMode(dir.Path));
    }
}
