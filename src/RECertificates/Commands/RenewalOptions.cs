using System.Collections.Generic;

namespace RECertificates.Commands
{
    /// <summary>
    /// The values of Invoke-RECertificateRenewal's parameters that <see cref="CertificateRenewal"/> follows, bound
    /// once by the cmdlet (paths already resolved on the file system), so the renewal takes no cmdlet.
    /// </summary>
    internal sealed class RenewalOptions
    {
        public RenewalOptions(IReadOnlyList<string> names, int expiringWithinDays, string requestPath, string? backupPath, bool verify, bool force, int throttleLimit)
        {
            Names = names;
            ExpiringWithinDays = expiringWithinDays;
            RequestPath = requestPath;
            BackupPath = backupPath;
            Verify = verify;
            Force = force;
            ThrottleLimit = throttleLimit;
        }

        /// <summary>-Name: the certificates to look at (wildcards); empty for every renewable one.</summary>
        public IReadOnlyList<string> Names { get; }

        /// <summary>Due when it expires within this many days.</summary>
        public int ExpiringWithinDays { get; }

        /// <summary>The folder for keys and requests, one folder per cluster inside it (a file system path).</summary>
        public string RequestPath { get; }

        /// <summary>-BackupPath: keep what each cluster holds for the names about to change here first.</summary>
        public string? BackupPath { get; }

        /// <summary>-Verify: after each rotation, check that every node serves the new certificate.</summary>
        public bool Verify { get; }

        /// <summary>Renew without asking, and make new keys and requests even where a failed run left some.</summary>
        public bool Force { get; }

        /// <summary>Clusters read at once.</summary>
        public int ThrottleLimit { get; }
    }
}
