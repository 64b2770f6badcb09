using System.Collections.Generic;
using System.Linq;

namespace RECertificates.Certificates
{
    /// <summary>The verdict on a whole set: the pairing's issues plus one result per input.</summary>
    internal sealed class CertificateValidationReport
    {
        public CertificateValidationReport(IReadOnlyList<ValidationIssue> setIssues, IReadOnlyList<CertificateTestResult> results)
        {
            SetIssues = setIssues;
            Results = results;
        }

        /// <summary>Errors found while collecting and pairing the inputs.</summary>
        public IReadOnlyList<ValidationIssue> SetIssues { get; }

        public IReadOnlyList<CertificateTestResult> Results { get; }

        /// <summary>Whether the request may be sent: one bad item stops the whole set.</summary>
        public bool IsValid => SetIssues.Count == 0 && Results.All(r => r.IsValid);

        public IEnumerable<ValidationIssue> Errors => SetIssues.Concat(Results.SelectMany(r => r.ErrorIssues));

        public IEnumerable<ValidationIssue> Warnings => Results.SelectMany(r => r.WarningIssues);
    }
}
