using System;
using System.Collections.Generic;
using System.IO;
using System.Security;
using System.Text;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Renewal
{
    /// <summary>
    /// Writes one certificate as the files Set-RECertificate reads back: <c>&lt;name&gt;.pem</c> (the chain as
    /// the cluster holds it) and, when the key is given, <c>&lt;name&gt;.key</c> (owner-only, or encrypted PKCS#8
    /// with a password). Both or neither. Shared by Export-RECertificate and the backup before a change; or, for Windows tools,
    /// one <c>&lt;name&gt;.pfx</c> holding both.
    /// </summary>
    internal static class CertificateFiles
    {
        /// <summary>Writes the files and returns their paths (certificate first).</summary>
        /// <param name="folder">An existing folder (full path).</param>
        /// <param name="source">What to call the certificate in messages: "certificate 'proxy' of cluster 'c'".</param>
        /// <exception cref="CertificateInputException">The name is not a certificate name, a file exists, or a write failed.</exception>
        public static IReadOnlyList<string> Write(string folder, string name, string chainPem, SecureString? key, char[]? password, bool overwrite, string source)
        {
            RefuseUnsafeName(name, source);
            using (var batch = new FileBatch())
            {
                // Exactly the text the cluster holds (UTF-8, no BOM), so the file reads back to the same chain.
                batch.Add(Path.Combine(folder, name + ".pem"), new UTF8Encoding(false).GetBytes(chainPem), isSecret: false);
                if (key != null)
                {
                    char[] keyText = SecretText.ToChars(key);
                    try
                    {
                        batch.Add(Path.Combine(folder, name + ".key"), PrivateKeyPem.FromPem(keyText, password, source), isSecret: true);
                    }
                    finally
                    {
                        Array.Clear(keyText, 0, keyText.Length);
                    }
                }

                batch.Commit(overwrite);
                return batch.Paths;
            }
        }

        /// <summary>
        /// Writes the chain and its key as one <c>&lt;name&gt;.pfx</c> (PKCS#12, AES-256), readable by its owner only
        /// like a key file, and returns its path. A password is required: a PKCS#12 file without one is a key in the clear.
        /// </summary>
        /// <exception cref="CertificateInputException">The name is not a certificate name, the file exists, or the write failed.</exception>
        public static string WritePfx(string folder, string name, string chainPem, SecureString key, char[] password, bool overwrite, string source)
        {
            RefuseUnsafeName(name, source);
            char[] keyText = SecretText.ToChars(key);
            try
            {
                using (var batch = new FileBatch())
                {
                    batch.Add(Path.Combine(folder, name + ".pfx"), Pkcs12File.Encode(chainPem, keyText, password, name, source), isSecret: true);
                    batch.Commit(overwrite);
                    return batch.Paths[0];
                }
            }
            finally
            {
                Array.Clear(keyText, 0, keyText.Length);
            }
        }

        private static void RefuseUnsafeName(string name, string source)
        {
            if (!CertificateNames.IsValidName(name))
            {
                // The name comes from the cluster and becomes a file name: never a path.
                throw new CertificateInputException(IssueIds.InvalidCertificateName,
                    $"{source}: '{name}' is not a certificate name (letters, digits and '_' only), so it cannot name a file. Nothing was written for it.", name, FailureKind.InvalidArgument);
            }
        }

        /// <summary>Creates a folder (and its parents), with the error the user sees when that fails.</summary>
        /// <param name="ownerOnly">
        /// For keys (exports, backups, requests): the folders created are the owner's alone (700, or the current
        /// user's ACL), as the files in them are; a folder that exists stays as it is.
        /// </param>
        /// <exception cref="CertificateInputException">The folder cannot be created.</exception>
        public static void CreateFolder(string folder, bool ownerOnly = true)
        {
            try
            {
                if (ownerOnly)
                {
                    OwnerOnlyFile.CreateFolder(folder);
                }
                else
                {
                    Directory.CreateDirectory(folder);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                throw FileBatch.Failed(folder, e);
            }
        }
    }
}
