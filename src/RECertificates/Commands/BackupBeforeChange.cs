using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RECertificates.Hosting;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Renewal;

namespace RECertificates.Commands
{
    /// <summary>
    /// -BackupPath of Set-RECertificate, Update-RECertificateLegacy and Remove-RECertificate: reads what the cluster
    /// holds for the names about to change (with keys) and keeps it under &lt;BackupPath&gt;/&lt;cluster&gt;/&lt;timestamp&gt;/
    /// before anything is asked or sent. A backup that fails stops the change (BackupFailed); -WhatIf only says
    /// where the backup would go.
    /// </summary>
    internal static class BackupBeforeChange
    {
        /// <summary>Returns false when the change must not go ahead (the error is already written).</summary>
        /// <param name="backupPath">-BackupPath as given; null when not asked for (then nothing happens).</param>
        public static bool Run(ICommandHost host, RESession session, string? backupPath, IEnumerable<string> names)
        {
            List<string> changing = names.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
            if (backupPath == null || changing.Count == 0)
            {
                return true;
            }

            string cluster = session.Label;
            string list = string.Join(", ", changing);
            CertificateBackup backup;
            try
            {
                backup = CertificateBackup.For(host.FileSystemPath(backupPath, "-BackupPath"), session.ClusterName, DateTime.UtcNow);
            }
            catch (CertificateInputException e)
            {
                host.Error(Failed(backupPath, cluster, e.Message));
                return false;
            }

            if (host.IsWhatIf)
            {
                // Nothing is read or written: -WhatIf only says where the backup would go.
                host.Plan(backup.Folder, $"Back up what cluster '{cluster}' holds for {list}, with keys, before changing it");
                return true;
            }

            IReadOnlyList<ClusterCertificateEntry> held;
            try
            {
                held = host.Run((log, token) => session.Client.GetCertificatesAsync(true, log, token));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                host.Error(Failed(backup.Folder, cluster, $"the certificates could not be read ({e.Message})"));
                return false;
            }

            IReadOnlyList<string> kept;
            try
            {
                kept = backup.Write(held, changing, cluster, session.UserName);
            }
            catch (CertificateInputException e)
            {
                // A key the user may not read is not the folder's fault: the advice names the permission instead.
                host.Error(e.Issue.Kind == FailureKind.PermissionDenied
                    ? Failed(backup.Folder, cluster, e.Message, $"connect as a user whose role has {KeyPermission.Name} (or leave out -BackupPath)")
                    : Failed(backup.Folder, cluster, e.Message));
                return false;
            }
            finally
            {
                // The keys were read for the files alone: wiped now, as every key the module owns, not left to the collector.
                foreach (ClusterCertificateEntry entry in held)
                {
                    entry.Key?.Dispose();
                }
            }

            host.Verbose(kept.Count == 0
                ? $"Cluster '{cluster}' holds none of {list} yet, so there is nothing to back up."
                : $"Backed up {string.Join(", ", kept)} of cluster '{cluster}', with keys, to '{backup.Folder}'. To roll back: Get-ChildItem '{backup.Folder}/*.pem' | Set-RECertificate -Force");
            return true;
        }

        private static ErrorRecord Failed(string target, string cluster, string reason, string remedy = "fix the backup folder (or leave out -BackupPath)") =>
            ErrorRecords.Create(RenewalIds.BackupFailed, FailureKind.WriteError, target,
                $"The backup of cluster '{cluster}' to '{target}' failed: {reason} Nothing was changed and nothing was sent; {remedy} and run the command again.");
    }
}
