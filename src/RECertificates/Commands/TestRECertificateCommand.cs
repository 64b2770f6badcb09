using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RECertificates.Certificates;

namespace RECertificates.Commands
{
    /// <summary>
    /// Checks certificates offline, with no cluster, exactly as Set-RECertificate would before sending them:
    /// one result per certificate, or with -Quiet one $true/$false for everything (for scripts and pipelines
    /// that issue certificates). Invalid input is a result, not an error record, as with Test-Path.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "RECertificate", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(CertificateTestResult), typeof(bool))]
    public sealed class TestRECertificateCommand : CertificateInputCmdlet, IDisposable
    {
        private CertificateCollector? _input;

        /// <summary>Return only $true when everything given is valid, else $false (also when nothing was given).</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void BeginProcessing() => _input = new CertificateCollector(this);

        protected override void ProcessRecord() => _input!.Add();

        protected override void EndProcessing()
        {
            using CertificateSet set = _input!.Read();
            List<CertificateTestResult> results = WithSetIssues(_input.Validate(set));
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

        /// <summary>
        /// One result per certificate, plus the set's problems: a problem about a certificate's own file, name or key
        /// file joins that certificate's result; any other becomes a result of its own (see CertificateTestResult).
        /// </summary>
        private List<CertificateTestResult> WithSetIssues(CertificateValidationReport report)
        {
            List<CertificateTestResult> results = report.Results.ToList();
            var added = new Dictionary<int, List<ValidationIssue>>();
            foreach (ValidationIssue issue in report.SetIssues)
            {
                int owner = results.FindIndex(r => r.Path == issue.Target || (r.Path == null && r.Name == issue.Target));
                if (owner < 0)
                {
                    owner = KeyOwner(results, issue.Target);
                }

                if (owner < 0)
                {
                    results.Add(Unowned(issue.Target));
                    owner = results.Count - 1;
                }

                if (!added.TryGetValue(owner, out List<ValidationIssue>? errors))
                {
                    added[owner] = errors = new List<ValidationIssue>();
                }

                errors.Add(issue);
            }

            return results.Select((r, i) => added.TryGetValue(i, out List<ValidationIssue>? errors) ? r.WithErrors(errors) : r).ToList();
        }

        /// <summary>The certificate a key file belongs to: the one -KeyPath was given for, or the one its name names; -1 when none.</summary>
        private int KeyOwner(List<CertificateTestResult> results, string target)
        {
            if (_input!.IsGivenKeyPath(target))
            {
                return results.Count > 0 ? 0 : -1;
            }

            CertificateFileName fileName = CertificateFileName.Parse(target);
            return fileName.Role == CertificateFileRole.Key
                ? results.FindIndex(r => r.Name == fileName.CertificateName)
                : -1;
        }

        /// <summary>A result for a problem no certificate owns: named after the file when its name gives a certificate name.</summary>
        private static CertificateTestResult Unowned(string target)
        {
            bool isPath = System.IO.Path.IsPathRooted(target) || target.IndexOfAny(new[] { '/', '\\', '*', '?' }) >= 0;
            CertificateFileName? fileName = isPath ? CertificateFileName.Parse(target) : null;
            bool named = fileName != null && fileName.Role != CertificateFileRole.Unknown && !WildcardPattern.ContainsWildcardCharacters(target);
            string? name = !isPath ? target : named ? fileName!.CertificateName : null;
            return new CertificateTestResult(name, isPath ? target : null, Array.Empty<ValidationIssue>(), Array.Empty<ValidationIssue>(), null);
        }
    }
}
