using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Renewal
{
    /// <summary>
    /// Keeps what a cluster holds for the certificates about to change, with their keys, in
    /// <c>&lt;root&gt;/&lt;cluster&gt;/&lt;timestamp&gt;/</c>, in the file names Set-RECertificate reads back, so a
    /// bad rotation is undone with <c>Get-ChildItem &lt;folder&gt;/*.pem | Set-RECertificate -Force</c>. A backup
    /// is whole or absent: if any file cannot be written, the folder is removed again and the change must not go on.
    /// It never talks to the cluster: the caller reads the certificates and hands them over.
    /// </summary>
    internal sealed class CertificateBackup
    {
        private CertificateBackup(string folder) => Folder = folder;

        /// <summary>The timestamped folder this backup goes (or went) to.</summary>
        public string Folder { get; }

        /// <summary>The backup of one cluster at <paramref name="utcNow"/>: a new folder, never one that exists.</summary>
        public static CertificateBackup For(string root, string? clusterName, DateTime utcNow)
        {
            string cluster = Path.Combine(root, ClusterDnsNames.FolderNameOf(clusterName));
            string stamp = utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            string folder = Path.Combine(cluster, stamp);
            // Two changes within one second (a script rotating twice) each keep their own backup.
            for (int attempt = 2; Directory.Exists(folder); attempt++)
            {
                folder = Path.Combine(cluster, $"{stamp}-{attempt}");
            }

            return new CertificateBackup(folder);
        }

        /// <summary>
        /// Writes the certificates the cluster holds among <paramref name="names"/>; returns the names written
        /// (empty, and no folder made, when the cluster holds none of them).
        /// </summary>
        /// <exception cref="CertificateInputException">A key is missing or a file could not be written; nothing is left behind.</exception>
        /// <param name="userName">Who read the certificates: a missing key names the permission that user lacks.</param>
        public IReadOnlyList<string> Write(IReadOnlyList<ClusterCertificateEntry> held, IEnumerable<string> names, string clusterLabel, string userName)
        {
            var wanted = new HashSet<string>(names, StringComparer.Ordinal);
            List<ClusterCertificateEntry> toKeep = held.Where(e => wanted.Contains(e.Name)).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            if (toKeep.Count == 0)
            {
                return Array.Empty<string>();
            }

            foreach (ClusterCertificateEntry entry in toKeep)
            {
                if (entry.Key == null && !CertificateNames.IsKeyless(entry.Name))
                {
                    // A certificate without its key cannot be put back, so such a backup would only look like one.
                    throw new CertificateInputException(RenewalIds.BackupFailed,
                        $"cluster '{clusterLabel}' did not return the private key of certificate '{entry.Name}': {KeyPermission.Advice(userName)}, and a backup without the key could not be restored.",
                        entry.Name, FailureKind.PermissionDenied);
                }
            }

            CertificateFiles.CreateFolder(Folder);
            try
            {
                foreach (ClusterCertificateEntry entry in toKeep)
                {
                    CertificateFiles.Write(Folder, entry.Name, entry.CertificatePem, entry.Key, null, overwrite: false, $"certificate '{entry.Name}' of cluster '{clusterLabel}'");
                }
            }
            catch
            {
                RemoveFolder();
                throw;
            }

            return toKeep.Select(e => e.Name).ToList();
        }

        private void RemoveFolder()
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
                // The cluster's folder too, when this backup was all it held: a failed backup leaves nothing.
                string? cluster = Path.GetDirectoryName(Folder);
                if (cluster != null && !Directory.EnumerateFileSystemEntries(cluster).Any())
                {
                    Directory.Delete(cluster);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Best effort: the write error is what the user needs to see.
            }
        }
    }
}
