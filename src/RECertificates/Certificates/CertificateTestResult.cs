using System;
using System.Collections.Generic;
using System.Linq;
using RECertificates.Certificates;

namespace RECertificates
{
    /// <summary>
    /// The verdict on one certificate: what <see cref="CertificateValidator"/> decides and Test-RECertificate emits, so a
    /// certificate that tests valid is one Set-RECertificate will send. Set-RECertificate reads the same verdict, with
    /// the issues themselves (their ids, kinds and targets) for its error records.
    /// </summary>
    /// <remarks>
    /// Problems that belong to no single certificate come out as results too, so that
    /// <c>Test-RECertificate *.pem | Where-Object { -not $_.IsValid }</c> lists every reason Set-RECertificate would
    /// refuse, and no error record has to be caught: a key file no certificate claims, a second file for a name
    /// already given, an unreadable file, a path that matches nothing. Such a result is invalid, has
    /// <see cref="Certificate"/> null, <see cref="Path"/> set to the file it is about (when it is about a file) and
    /// <see cref="Name"/> set to the certificate name the file name gives (null when it gives none). A problem about
    /// a file that is already a certificate's (its key, its certificate file) is added to that certificate's result.
    /// </remarks>
    public sealed class CertificateTestResult
    {
        internal CertificateTestResult(string? name, string? path, IEnumerable<ValidationIssue> errors, IEnumerable<ValidationIssue> warnings, RECertificate? certificate)
        {
            Name = name;
            Path = path;
            ErrorIssues = errors.ToList();
            WarningIssues = warnings.ToList();
            Errors = ErrorIssues.Select(e => e.Message).ToArray();
            ErrorIds = ErrorIssues.Select(e => e.Id).ToArray();
            Warnings = WarningIssues.Select(w => w.Message).ToArray();
            Certificate = certificate;
        }

        /// <summary>The certificate's name on a cluster (api, proxy, ...).</summary>
        public string? Name { get; }

        /// <summary>The certificate file, when it came from one.</summary>
        public string? Path { get; }

        /// <summary>True when Set-RECertificate would send it: no errors (warnings allowed).</summary>
        public bool IsValid => Errors.Length == 0;

        /// <summary>Why it would be refused, in words that name the file or certificate.</summary>
        public string[] Errors { get; }

        /// <summary>What the cluster accepts but an operator should fix (expiring soon, weak key, ...).</summary>
        public string[] Warnings { get; }

        /// <summary>The stable ids of <see cref="Errors"/>, in the same order (the ErrorIds Set-RECertificate writes).</summary>
        public string[] ErrorIds { get; }

        /// <summary>The parsed certificate (subject, expiry, thumbprint); null when it could not be read.</summary>
        public RECertificate? Certificate { get; }

        /// <summary>The errors as the validator found them, for error records.</summary>
        internal IReadOnlyList<ValidationIssue> ErrorIssues { get; }

        /// <summary>The warnings as the validator found them.</summary>
        internal IReadOnlyList<ValidationIssue> WarningIssues { get; }

        /// <summary>This verdict with more errors: a problem of the set (an unreadable key file, say) that is this certificate's.</summary>
        internal CertificateTestResult WithErrors(IEnumerable<ValidationIssue> more) =>
            new CertificateTestResult(Name, Path, ErrorIssues.Concat(more), WarningIssues, Certificate);

        public override string ToString() => $"{Name ?? Path}: {(IsValid ? "valid" : string.Join(", ", ErrorIds))}";
    }
}
