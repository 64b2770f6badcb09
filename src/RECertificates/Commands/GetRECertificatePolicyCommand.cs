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
            IReadOnlyList<Outcome<RECertificatePolicy>> outcomes = RunEach(_sessions, FanOut.DefaultThrottle, "Reading certificate policies from clusters",
                (session, log, token) => CertificatePolicyReader.ReadAsync(session, log, token));
            for (int i = 0; i < outcomes.Count; i++)
            {
                WarnIfUnverified(_sessions[i]);
                if (outcomes[i].Error != null)
                {
                    WriteFailure(outcomes[i].Error!, _sessions[i].Label);
                    continue;
                }

                WriteObject(outcomes[i].Value);
            }
        }
    }
}
