using System;
using RECertificates.Cluster;

namespace RECertificates.Certificates
{
    /// <summary>
    /// Thrown by the readers when an input cannot be read at all; carries the issue to report so the caller can
    /// collect it instead of stopping. The message is the issue's message, which never holds key material.
    /// </summary>
    internal sealed class CertificateInputException : Exception
    {
        public CertificateInputException(ValidationIssue issue)
            : base(issue.Message)
        {
            Issue = issue;
        }

        public CertificateInputException(string id, string message, string target, FailureKind kind = FailureKind.InvalidData)
            : this(new ValidationIssue(id, message, target, kind))
        {
        }

        public ValidationIssue Issue { get; }
    }
}
