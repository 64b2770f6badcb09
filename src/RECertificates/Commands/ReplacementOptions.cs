namespace RECertificates.Commands
{
    /// <summary>
    /// The switches of the calling command that a <see cref="CertificateReplacement"/> follows, so commands other than
    /// Set-RECertificate and Update-RECertificateLegacy (Invoke-RECertificateRenewal) rotate through the same path.
    /// </summary>
    internal sealed class ReplacementOptions
    {
        public ReplacementOptions(bool force, bool passThru, string? backupPath)
        {
            Force = force;
            PassThru = passThru;
            BackupPath = backupPath;
        }

        /// <summary>Replace without asking (unless -Confirm is given explicitly); -WhatIf still wins.</summary>
        public bool Force { get; }

        /// <summary>Emit the new certificates as the cluster holds them afterwards.</summary>
        public bool PassThru { get; }

        /// <summary>Back up what the cluster holds for the names about to change, with keys, here first.</summary>
        public string? BackupPath { get; }
    }
}
