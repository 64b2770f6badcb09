using System;
using System.IO;
using System.Text;
using System.Threading;
using RECertificates.Cluster;

namespace RECertificates.Certificates
{
    /// <summary>
    /// Reads a certificate or key file's bytes, and decodes text files into characters. Checks what can be checked
    /// before opening (a directory, a missing file, a file far too big, something that is not a regular file) and
    /// never reads more than the size limit, whatever the file claims: a device such as /dev/zero has no end, and a
    /// named pipe may never answer. Returns arrays, not strings, because the file may hold a private key: the caller
    /// clears them.
    /// </summary>
    internal static class CertificateFileReader
    {
        /// <summary>A PEM chain with a key, or a PFX, is a few kilobytes; anything past this is not what the user meant.</summary>
        public const long MaximumFileBytes = 1024 * 1024;

        private const int ChunkBytes = 16 * 1024;

        /// <exception cref="CertificateInputException">The file cannot be read, is not a regular file, or is too large.</exception>
        /// <exception cref="OperationCanceledException">The user pressed Ctrl+C while the file was read.</exception>
        public static byte[] ReadBytes(string path, CancellationToken cancellation = default)
        {
            if (Directory.Exists(path))
            {
                throw new CertificateInputException(IssueIds.PathIsDirectory, $"'{path}' is a directory; give the certificate file inside it.", path, FailureKind.InvalidArgument);
            }

            var file = new FileInfo(path);
            if (!file.Exists)
            {
                throw new CertificateInputException(IssueIds.FileNotFound, $"Certificate file '{path}' was not found.", path, FailureKind.ObjectNotFound);
            }

            // Checked before reading: a 50 MB log file passed by mistake must not be loaded into memory.
            if (file.Length > MaximumFileBytes)
            {
                throw TooLarge(path, $"is {file.Length} bytes");
            }

            // A named pipe or a device reports no size, and opening a pipe blocks until someone writes to it. netstandard2.0
            // cannot ask a file's type, but a regular file of size 0 is empty anyway: neither is opened.
            if (file.Length == 0)
            {
                throw new CertificateInputException(
                    IssueIds.EmptyFile,
                    $"'{path}' has nothing to read: it is empty, or it is not a regular file (a named pipe or a device). Give the certificate file itself.",
                    path);
            }

            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan))
                {
                    return ReadAtMost(stream, (int)file.Length, path, cancellation);
                }
            }
            catch (UnauthorizedAccessException)
            {
                throw new CertificateInputException(IssueIds.FileAccessDenied, $"Access to '{path}' was denied; run as a user who may read it, or change its permissions.", path, FailureKind.PermissionDenied);
            }
            catch (IOException e)
            {
                throw new CertificateInputException(IssueIds.FileReadFailed, $"'{path}' could not be read: {e.Message}", path, FailureKind.ReadError);
            }
        }

        /// <summary>
        /// Reads until the end of the stream, but at most one byte past the limit: a file that grows while it is read, or
        /// reports less than it holds, is refused as too large instead of filling memory. Buffers outgrown are cleared.
        /// </summary>
        private static byte[] ReadAtMost(Stream stream, int expectedLength, string path, CancellationToken cancellation)
        {
            byte[] buffer = new byte[Math.Min(expectedLength, (int)MaximumFileBytes) + 1];
            int count = 0;
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                if (count == buffer.Length)
                {
                    if (count > MaximumFileBytes)
                    {
                        Array.Clear(buffer, 0, buffer.Length);
                        throw TooLarge(path, "grew while it was read");
                    }

                    byte[] larger = new byte[Math.Min(buffer.Length * 2L, MaximumFileBytes + 1)];
                    Buffer.BlockCopy(buffer, 0, larger, 0, count);
                    Array.Clear(buffer, 0, buffer.Length);
                    buffer = larger;
                }

                int read = stream.Read(buffer, count, Math.Min(ChunkBytes, buffer.Length - count));
                if (read == 0)
                {
                    break;
                }

                count += read;
            }

            byte[] content = new byte[count];
            Buffer.BlockCopy(buffer, 0, content, 0, count);
            Array.Clear(buffer, 0, buffer.Length);
            return content;
        }

        /// <summary>Decodes UTF-8 (with or without BOM) and UTF-16 with a BOM; refuses binary content.</summary>
        internal static char[] Decode(byte[] bytes, string source)
        {
            if (bytes.Length == 0)
            {
                throw PemReader.Empty(source);
            }

            if (StartsWith(bytes, 0xEF, 0xBB, 0xBF))
            {
                return GetChars(new UTF8Encoding(false, true), bytes, 3, source);
            }

            if (StartsWith(bytes, 0xFF, 0xFE))
            {
                return GetChars(new UnicodeEncoding(false, false, true), bytes, 2, source);
            }

            if (StartsWith(bytes, 0xFE, 0xFF))
            {
                return GetChars(new UnicodeEncoding(true, false, true), bytes, 2, source);
            }

            return GetChars(new UTF8Encoding(false, true), bytes, 0, source);
        }

        private static CertificateInputException TooLarge(string path, string what) => new CertificateInputException(
            IssueIds.FileTooLarge,
            $"'{path}' {what}, too large to be a certificate or key file (at most {MaximumFileBytes} bytes); check that this is the right file.",
            path);

        private static char[] GetChars(Encoding encoding, byte[] bytes, int start, string source)
        {
            try
            {
                return encoding.GetChars(bytes, start, bytes.Length - start);
            }
            catch (DecoderFallbackException)
            {
                throw PemReader.NotPem(source);
            }
        }

        private static bool StartsWith(byte[] bytes, params byte[] prefix)
        {
            if (bytes.Length < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (bytes[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
