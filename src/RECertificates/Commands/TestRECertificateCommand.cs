using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace RECertificates.Commands
{
    /// <summary>
    /// Checks certificates offline, with no cluster, exactly as Set-RECertificate would before sending them:
    /// one result per certificate, or with -Quiet one $true/$false for everything (for scripts and pipelines
    /// that issue certificates). Invalid input is a result, not an error record, as with Test-Path.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "RECertificate", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(CertificateTestResult), typeof(bool))]
    public sealed class TestRECertificateCommand : CertificateInputCmdlet
    {
        /// <summary>Return only $true when everything given is valid, else $false (also when nothing was given).</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        private protected override void ProcessValidated(CertificateSet set, CertificateValidationReport report)
        {
            List<CertificateTestResult> results = ToResults(report);
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

        /// <summary>The certificate a key file belongs to: the one -KeyPath was given for, or the one its name names.</summary>
        private Entry? KeyOwner(List<Entry> entries, string target)
        {
            if (IsGivenKeyPath(target))
            {
                return entries.FirstOrDefault();
            }

            CertificateFileName fileName = CertificateFileName.Parse(target);
            return fileName.Role == CertificateFileRole.Key
                ? entries.FirstOrDefault(e => e.Name == fileName.CertificateName)
                : null;
        }

        private List<CertificateTestResult> ToResults(CertificateValidationReport report)
        {
            var entries = report.Results
                .Select(r => new Entry(r.Name, r.Path, r.Certificate, r.Errors, r.Warnings))
                .ToList();
            foreach (ValidationIssue issue in report.SetIssues)
            {
                // About a certificate's own file, name or key file: that certificate's problem.
                Entry? owner = entries.FirstOrDefault(e => e.Path == issue.Target || (e.Path == null && e.Name == issue.Target))
                    ?? KeyOwner(entries, issue.Target);
                if (owner == null)
                {
                    bool isPath = System.IO.Path.IsPathRooted(issue.Target) || issue.Target.IndexOfAny(new[] { '/', '\\', '*', '?' }) >= 0;
                    CertificateFileName? fileName = isPath ? CertificateFileName.Parse(issue.Target) : null;
                    bool named = fileName != null && fileName.Role != CertificateFileRole.Unknown && !WildcardPattern.ContainsWildcardCharacters(issue.Target);
                    string? name = !isPath ? issue.Target : named ? fileName!.CertificateName : null;
                    owner = new Entry(name, isPath ? issue.Target : null, null, Array.Empty<ValidationIssue>(), Array.Empty<ValidationIssue>());
                    entries.Add(owner);
                }

                owner.Errors.Add(issue);
            }

            return entries.Select(e => new CertificateTestResult(e.Name, e.Path, e.Errors, e.Warnings, e.Certificate)).ToList();
        }

        private sealed class Entry
        {
            public Entry(string? name, string? path, RECertificate? certificate, IEnumerable<ValidationIssue> errors, IEnumerable<ValidationIssue> warnings)
            {
                Name = name;
                Path = path;
                Certificate = certificate;
                Errors = errors.ToList();
                Warnings = warnings.ToList();
            }

            public string? Name { get; }

            public string? Path { get; }

            public RECertificate? Certificate { get; }

            public List<ValidationIssue> Errors { get; }

            public List<ValidationIssue> Warnings { get; }
        }
    }
}
