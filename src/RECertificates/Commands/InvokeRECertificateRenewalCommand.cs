using System;
using System.Collections.Generic;
using System.Management.Automation;
using RECertificates.Cluster;

namespace RECertificates.Commands
{
    /// <summary>
    /// Renews what is due on every cluster in one call, for the scheduled task: for each certificate that expires
    /// within -ExpiringWithinDays, a key and request (reused from a failed run while they fit), the -Issuer script
    /// block's certificate, checked by the same validation as Set-RECertificate, and the rotation (with -BackupPath).
    /// One RECertificateRenewal per certificate; a failure is a non-terminating error and the rest goes on. The work
    /// itself is <see cref="CertificateRenewal"/>, over the host, with <see cref="RenewalOptions"/> and the -Issuer
    /// script block as its <see cref="ICertificateIssuer"/>; this binds parameters.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RECertificateRenewal", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RECertificateRenewal))]
    public sealed class InvokeRECertificateRenewalCommand : RECmdlet
    {
        private readonly List<RESession> _sessions = new List<RESession>();

        /// <summary>The clusters to renew on; the default session when not given.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public RESession[]? Session { get; set; }

        /// <summary>Issues a certificate for the request it gets as $_ and as its argument; returns a file path, PEM text or an X509Certificate2.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNull]
        public ScriptBlock? Issuer { get; set; }

        /// <summary>Only these certificates (wildcards); every renewable one when not given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>Renew what expires within this many days (30 when not given).</summary>
        [Parameter]
        [ValidateRange(0, 3650)]
        public int ExpiringWithinDays { get; set; } = Renewal.DueSelection.DefaultWithinDays;

        /// <summary>Keep what each cluster holds for the names about to change, with keys, in this folder first.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupPath { get; set; }

        /// <summary>The folder for keys and requests, one folder per cluster inside it; the current location when not given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RequestPath { get; set; }

        /// <summary>After each rotation, check that every node serves the new certificate.</summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        /// <summary>Renew without asking, and make new keys and requests even where a failed run left some.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Clusters read at once.</summary>
        [Parameter]
        [ValidateRange(1, FanOut.MaximumThrottle)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottle;

        protected override void BeginProcessing()
        {
            RequestPath = FileSystemPaths.ResolveOrStop(this, RequestPath ?? SessionState.Path.CurrentFileSystemLocation.ProviderPath, "-RequestPath");
        }

        protected override void ProcessRecord()
        {
            if (Session != null)
            {
                _sessions.AddRange(Session);
            }
        }

        protected override void EndProcessing()
        {
            IReadOnlyList<RESession> sessions = ResolveSessions(_sessions.Count > 0 ? _sessions.ToArray() : null);
            var options = new RenewalOptions(Name ?? Array.Empty<string>(), ExpiringWithinDays, RequestPath!, BackupPath, Verify, Force, ThrottleLimit);
            new CertificateRenewal(CommandHost, options, new ScriptBlockIssuer(Issuer!)).Run(sessions);
        }
    }
}
