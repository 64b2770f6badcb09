using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RECertificates.Certificates;

namespace RECertificates.Commands
{
    /// <summary>
    /// Checks certificates exactly as Set-RECertificate would before sending them: offline, or with -Session also
    /// for that cluster (its names, its version's known defects, its cipher suites). One result per certificate, or
    /// with -Quiet one $true/$false for everything (for scripts and pipelines that issue certificates). Invalid input
    /// is a result, not an error record, as with Test-Path.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "RECertificate", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(CertificateTestResult), typeof(bool))]
    public sealed class TestRECertificateCommand : CertificateInputCmdlet, IDisposable
    {
        private CertificateCollector? _input;
        private RESession? _session;

        /// <summary>Return only $true when everything given is valid, else $false (also when nothing was given).</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <summary>Also check the certificates for this cluster, as Set-RECertificate would; without it nothing talks to a cluster.</summary>
        [Parameter]
        [ValidateNotNull]
        public RESession? Session { get; set; }

        protected override void BeginProcessing()
        {
            if (Session != null)
            {
                // A closed session stops the command before any file is read, as with Set-RECertificate.
                _session = ResolveSession(Session);
            }

            _input = new CertificateCollector(CommandHost, Bound);
        }

        protected override void ProcessRecord() => _input!.Add(Bound);

        protected override void EndProcessing()
        {
            using CertificateSet set = _input!.Read();
            List<CertificateTestResult> results = TestCertificateOutput.From(
                _input.Validate(set, _session == null ? null : ClusterTargets.Read(CommandHost, _session, SkipNameCheck, set)), _input.IsGivenKeyPath);
            if (Quiet)
            {
                WriteObject(results.Count > 0 && results.All(r => r.IsValid));
                return;
            }

            foreach (CertificateTestResult result in results)
            {
                WriteObject(result);
            }
        }

        /// <summary>PowerShell disposes the command however its pipeline ends: the collected keys are wiped then.</summary>
        public void Dispose() => _input?.Dispose();
    }
}
