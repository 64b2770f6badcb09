using System;
using System.Collections.Generic;
using System.Linq;

namespace RECertificates
{
    /// <summary>
    /// What Test-RECertificate says about one certificate: the verdict of the very validator Set-RECertificate
    /// uses, so a certificate that tests valid is one Set-RECertificate will send.
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
            List<ValidationIssue> errorList = errors.ToList();
            Name = name;
            Path = path;
            Errors = errorList.Select(e => e.Message).ToArray();
            ErrorIds = errorList.Select(e => e.Id).ToArray();
            Warnings = warnings.Select(w => w.Message).ToArray();
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

        public override string ToString() => $"{Name ?? Path}: {(IsValid ? "valid" : string.Join(", ", ErrorIds))}";
    }
}
