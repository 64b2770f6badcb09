using System;
using System.Collections.Generic;
using System.Management.Automation;
using RECertificates.Lifecycle;

namespace RECertificates.Commands
{
    /// <summary>
    /// Regenerates the certificates a cluster makes itself (POST /v1/cluster/certificates/rotate): all of them, or
    /// those named, one request per name. The work is InternalRotation's; this binds parameters.
    /// </summary>
    [Cmdlet(VerbsData.Update, "REInternalCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class UpdateREInternalCertificateCommand : RECmdlet
    {
        private readonly List<string> _names = new List<string>();
        private RESession? _session;

        /// <summary>The internal certificates to regenerate (the health report's types); all of them when left out.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter]
        [ValidateNotNull]
        public RESession? Session { get; set; }

        /// <summary>Do not ask; and rotate even where RS200137 would skip a node that is down.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Afterwards, wait until the health report shows each rotated certificate with a later expiry date.</summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int VerifyTimeoutSec { get; set; } = 120;

        protected override void BeginProcessing()
        {
            _session = ResolveSession(Session);
        }

        protected override void ProcessRecord()
        {
            foreach (string name in Name ?? Array.Empty<string>())
            {
                _names.Add(name);
            }
        }

        protected override void EndProcessing()
        {
            new InternalRotation(CommandHost, _session!).Run(_names, Force, Verify, TimeSpan.FromSeconds(VerifyTimeoutSec));
        }
    }
}
