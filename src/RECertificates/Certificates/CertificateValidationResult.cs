using System.Collections.Generic;

namespace RECertificates
{
    /// <summary>The verdict on one certificate input: errors stop the request, warnings are shown and let it go.</summary>
    internal sealed class CertificateValidationResult
    {
        public CertificateValidationResult(string name, string? path, IReadOnlyList<ValidationIssue> errors, IReadOnlyList<ValidationIssue> warnings, RECertificate? certificate)
        {
            Name = name;
            Path = path;
            Errors = errors;
            Warnings = warnings;
            Certificate = certificate;
        }

        public string Name { get; }

        /// <summary>The certificate file, when it came from one.</summary>
        public string? Path { get; }

        public bool IsValid => Errors.Count == 0;

        public IReadOnlyList<ValidationIssue> Errors { get; }

        public IReadOnlyList<ValidationIssue> Warnings { get; }

        /// <summary>The parsed summary (subject, expiry, thumbprint) for -WhatIf and reports; null if unreadable.</summary>
        public RECertificate? Certificate { get; }
    }
}
