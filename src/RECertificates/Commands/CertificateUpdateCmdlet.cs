using System.Management.Automation;

namespace RECertificates.Commands
{
    /// <summary>
    /// The parameters Set-RECertificate and Update-RECertificateLegacy add to the input parameters (each declares its
    /// own -Session: Set takes several clusters, Update-Legacy one). Declarations only: the steps both cmdlets take
    /// are <see cref="CertificateUpdateSteps"/>, and the replacement itself is <see cref="CertificateReplacement"/>.
    /// </summary>
    public abstract class CertificateUpdateCmdlet : CertificateInputCmdlet
    {
        /// <summary>Replace without asking (unless -Confirm is given explicitly); -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emit the new certificates as the cluster holds them afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Keep what the cluster holds for the names about to change, with keys, in this folder first.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupPath { get; set; }

        /// <summary>After the change, wait until every node serves the new certificates (and, before it, count a
        /// certificate as unchanged only when every reachable node serves it too).</summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        /// <summary>How long -Verify waits for every node, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int VerifyTimeoutSec { get; set; } = DefaultVerifyTimeoutSec;

        /// <summary>-VerifyTimeoutSec when not given.</summary>
        public const int DefaultVerifyTimeoutSec = 120;

        /// <summary>-Force, -PassThru, -BackupPath and -Verify as the replacement follows them.</summary>
        internal ReplacementOptions Replacement => new ReplacementOptions(Force, PassThru, BackupPath, Verify, VerifyTimeoutSec);
    }
}
