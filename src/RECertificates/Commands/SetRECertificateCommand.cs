using System;
using System.Management.Automation;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Commands
{
    /// <summary>
    /// Replaces cluster certificates from files, PEM text or another cluster's certificates, all together in one
    /// PUT /v1/cluster/certificates (Redis Enterprise 7.22.2 and later), or not at all when any input is bad.
    /// On versions with a known defect the plan may split the set (see RequestPlan).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "RECertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(RECertificate))]
    public sealed class SetRECertificateCommand : CertificateUpdateCmdlet, IDisposable
    {
        private CertificateReplacement? _replacement;
        private CertificateCollector? _input;

        protected override void BeginProcessing()
        {
            // The session first: without one the cmdlet stops before any file is read.
            _replacement = new CertificateReplacement(this, ResolveSession(Session), UpdateEndpoint.AllInOne);
            _input = new CertificateCollector(this);
        }

        protected override void ProcessRecord() => _input!.Add();

        protected override void EndProcessing()
        {
            using CertificateSet set = _input!.Read();
            // Validated for the cluster it goes to: its names, its version's known defects, its cipher suites.
            _replacement!.Replace(set, _input.Validate(set, ClusterTargets.Read(this, _replacement.Session, SkipNameCheck, set)));
        }

        /// <summary>PowerShell disposes the command however its pipeline ends: the collected keys are wiped then.</summary>
        public void Dispose() => _input?.Dispose();
    }
}
