using System.Collections.Generic;
using System.Linq;
using RECertificates.Certificates;

namespace RECertificates.Commands
{
    /// <summary>
    /// What the other side of a replication must do after this cluster's proxy or syncer certificate changed, as the
    /// docs say it (content/operate/rs/security/certificates/updating-certificates.md, embeds/replica-of-tls-config.md,
    /// security/encryption/tls/enable-tls.md). The cluster does none of it by itself.
    /// </summary>
    internal static class ReplicationReminder
    {
        /// <summary>One warning for the replaced names, or null when none of them needs a follow-up.</summary>
        public static string? For(IEnumerable<string> replaced, string cluster)
        {
            string[] names = replaced.Where(n => n == CertificateNames.Proxy || n == CertificateNames.Syncer).ToArray();
            if (names.Length == 0)
            {
                return null;
            }

            string text = $"{string.Join(" and ", names.Select(n => $"'{n}'"))} replaced on cluster '{cluster}'. " +
                "Active-Active databases do not pick this up by themselves: run 'crdb-cli crdb update --crdb-guid <GUID> --force' for each Active-Active database of this cluster, right away (until then, sync connections using the old certificate are refused).";
            if (names.Contains(CertificateNames.Proxy))
            {
                text += " Replica Of: each replica database whose source database is on this cluster must be given the new proxy certificate (the source's server certificate, in the replica's configuration).";
            }

            if (names.Contains(CertificateNames.Syncer))
            {
                text += " Replica Of: the syncer of this cluster is the client when its replica databases pull from their sources; each source database that uses mutual TLS must trust the new syncer certificate (add it to the source database's TLS client certificates).";
            }

            return text;
        }
    }
}
