using RECertificates.Serving;

namespace RECertificates.Commands
{
    /// <summary>
    /// The switches of the calling command that a <see cref="CertificateReplacement"/> follows, so commands other than
    /// Set-RECertificate and Update-RECertificateLegacy (Invoke-RECertificateRenewal) rotate through the same path.
    /// </summary>
    internal sealed class ReplacementOptions
    {
        public ReplacementOptions(bool force, bool passThru, string? backupPath, bool verify = false, int verifyTimeoutSec = CertificateUpdateCmdlet.DefaultVerifyTimeoutSec, IEndpointProbe? probe = null)
        {
            Force = force;
            PassThru = passThru;
            BackupPath = backupPath;
            Verify = verify;
            VerifyTimeoutSec = verifyTimeoutSec;
            Probe = probe;
        }

        /// <summary>Replace without asking (unless -Confirm is given explicitly); -WhatIf still wins.</summary>
        public bool Force { get; }

        /// <summary>Emit the new certificates as the cluster holds them afterwards.</summary>
        public bool PassThru { get; }

        /// <summary>Back up what the cluster holds for the names about to change, with keys, here first.</summary>
        public string? BackupPath { get; }

        /// <summary>-Verify: wait until every node serves what was sent, and let what they serve decide "unchanged".</summary>
        public bool Verify { get; }

        /// <summary>How long -Verify waits for the nodes.</summary>
        public int VerifyTimeoutSec { get; }

        /// <summary>How -Verify reads what a node serves: a TLS handshake (null), or a fake in xUnit.</summary>
        public IEndpointProbe? Probe { get; }
    }
}
