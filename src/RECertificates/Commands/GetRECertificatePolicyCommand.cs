using System.Collections.Generic;
using System.Management.Automation;
using RECertificates.Cluster;
using RECertificates.Lifecycle;

namespace RECertificates.Commands
{
    /// <summary>Reads how each cluster looks after its own certificates: rotation schedule, expiry alerts, OCSP.</summary>
    [Cmdlet(VerbsCommon.Get, "RECertificatePolicy")]
    [OutputType(typeof(RECertificatePolicy))]
    public sealed class GetRECertificatePolicyCommand : RECmdlet
    {
        private readonly List<RESession> _sessions = new List<RESession>();

        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public RESession[]? Session { get; set; }

        protected override void ProcessRecord()
        {
            GatherSessions(Session, _sessions);
        }

        protected override void EndProcessing()
        {
            // As Set-RECertificatePolicy: the 'not verified' warning for each session, then the reads of its first step.
            WarnIfUnverified(_sessions);

            CertificatePolicyReader.ReadEach(CommandHost, _sessions, (session, policy) => CommandHost.Output(policy));
        }
    }
}
