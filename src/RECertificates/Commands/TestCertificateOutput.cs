using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RECertificates.Certificates;

namespace RECertificates.Commands
{
    /// <summary>
    /// What Test-RECertificate emits for a validated set: one result per certificate, plus the set's own problems
    /// (a key file no certificate claims, a second file for a name, a path that matches nothing). A problem about a
    /// certificate's own file, name or key file joins that certificate's result; any other becomes a result of its own
    /// (see <see cref="CertificateTestResult"/>), so every reason Set-RECertificate would refuse is a result.
    /// </summary>
    internal static class TestCertificateOutput
    {
        /// <param name="isGivenKeyPath">Whether a full path is a key file given with -KeyPath: its problems are the first certificate's.</param>
        public static List<CertificateTestResult> From(CertificateValidationReport report, Func<string, bool> isGivenKeyPath)
        {
            List<CertificateTestResult> results = report.Results.ToList();
            var added = new Dictionary<int, List<ValidationIssue>>();
            foreach (ValidationIssue issue in report.SetIssues)
            {
                int owner = results.FindIndex(r => r.Path == issue.Target || (r.Path == null && r.Name == issue.Target));
                if (owner < 0)
                {
                    owner = KeyOwner(results, issue.Target, isGivenKeyPath);
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
        private static int KeyOwner(List<CertificateTestResult> results, string target, Func<string, bool> isGivenKeyPath)
        {
            if (isGivenKeyPath(target))
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
