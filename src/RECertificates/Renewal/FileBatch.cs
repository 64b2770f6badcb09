using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Renewal
{
    /// <summary>
    /// Files that belong together (a key and its request, a certificate and its key) written all or none: each is
    /// written to a hidden temporary file beside its target first, and only when every one is written are they
    /// renamed into place. A full disk, a folder that refuses writes or an existing file without -Force leaves
    /// nothing half-written behind. Contents given as secrets are cleared when the batch is disposed.
    /// </summary>
    internal sealed class FileBatch : IDisposable
    {
        private readonly List<PendingFile> _files = new List<PendingFile>();

        public IReadOnlyList<string> Paths => _files.ConvertAll(f => f.Path);

        /// <param name="path">A full path.</param>
        /// <param name="content">The bytes; a secret's are cleared when the batch is disposed.</param>
        /// <param name="isSecret">A private key: the file is readable by its owner only.</param>
        public void Add(string path, byte[] content, bool isSecret) => _files.Add(new PendingFile(path, content, isSecret));

        /// <summary>Writes every file, or none.</summary>
        /// <exception cref="CertificateInputException">A file exists (without <paramref name="overwrite"/>), or a file could not be written.</exception>
        public void Commit(bool overwrite)
        {
            foreach (PendingFile file in _files)
            {
                if (Directory.Exists(file.Path) || (!overwrite && File.Exists(file.Path)))
                {
                    throw new CertificateInputException(RenewalIds.FileExists,
                        $"'{file.Path}' already exists. Add -Force to replace it, or choose another folder. Nothing was written.", file.Path, FailureKind.ResourceExists);
                }
            }

            var written = new List<string>();
            var placed = new List<string>();
            PendingFile? current = null;
            try
            {
                foreach (PendingFile file in _files)
                {
                    current = file;
                    string temporary = TemporaryPathFor(file.Path);
                    written.Add(temporary);
                    WriteTemporary(temporary, file);
                }

                for (int i = 0; i < _files.Count; i++)
                {
                    current = _files[i];
                    bool existed = File.Exists(current.Path);
                    if (existed)
                    {
                        File.Delete(current.Path);
                    }

                    File.Move(written[i], current.Path);
                    if (!existed)
                    {
                        placed.Add(current.Path);
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is System.Security.SecurityException)
            {
                DeleteQuietly(written);
                DeleteQuietly(placed);
                throw Failed(current!.Path, e);
            }
        }

        public void Dispose()
        {
            foreach (PendingFile file in _files)
            {
                if (file.IsSecret)
                {
                    Array.Clear(file.Content, 0, file.Content.Length);
                }
            }
        }

        /// <summary>Turns a failure to create a folder or write a file into the error the user sees.</summary>
        internal static CertificateInputException Failed(string path, Exception e) => e is UnauthorizedAccessException || e is System.Security.SecurityException
            ? new CertificateInputException(RenewalIds.FileWriteDenied,
                $"Cannot write '{path}': access is denied. Choose a folder you may write to. Nothing was written.", path, FailureKind.PermissionDenied)
            : new CertificateInputException(RenewalIds.FileWriteFailed,
                $"Cannot write '{path}': {e.Message} Check the disk and the folder, then run the command again. Nothing was written.", path, FailureKind.ReadError);

        private static void WriteTemporary(string temporary, PendingFile file)
        {
            // A key's file is owner-only from its first moment, not made so afterwards (see OwnerOnlyFile).
            using (FileStream stream = file.IsSecret ? OwnerOnlyFile.CreateNew(temporary) : new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(file.Content, 0, file.Content.Length);
                stream.Flush(true);
            }
        }

        private static string TemporaryPathFor(string path)
        {
            byte[] random = new byte[6];
            using (var generator = RandomNumberGenerator.Create())
            {
                generator.GetBytes(random);
            }

            string folder = Path.GetDirectoryName(path) ?? ".";
            return Path.Combine(folder, $".{Path.GetFileName(path)}.{Hex.ToUpper(random).ToLowerInvariant()}.tmp");
        }

        private static void DeleteQuietly(IEnumerable<string> paths)
        {
            foreach (string path in paths)
            {
                try
                {
                    File.Delete(path);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // Best effort: the error about the first failure is what the user needs.
                }
            }
        }

        private sealed class PendingFile
        {
            public PendingFile(string path, byte[] content, bool isSecret)
            {
                Path = path;
                Content = content;
                IsSecret = isSecret;
            }

            public string Path { get; }

            public byte[] Content { get; }

            public bool IsSecret { get; }
        }
    }
}
