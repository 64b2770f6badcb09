using System;
using System.Collections.Generic;

namespace RECertificates.Certificates
{
    /// <summary>
    /// Everything one cmdlet call collected: the paired inputs, and the problems found while pairing them
    /// (unreadable files, keys without certificates, two files for one name). Sent as one request, or not at all.
    /// </summary>
    internal sealed class CertificateSet : IDisposable
    {
        public CertificateSet(IReadOnlyList<CertificateInput> inputs, IReadOnlyList<ValidationIssue> issues)
        {
            Inputs = inputs;
            Issues = issues;
        }

        public IReadOnlyList<CertificateInput> Inputs { get; }

        /// <summary>Errors about the set as a whole or about inputs that could not become items.</summary>
        public IReadOnlyList<ValidationIssue> Issues { get; }

        public void Dispose()
        {
            foreach (CertificateInput input in Inputs)
            {
                input.Dispose();
            }
        }
    }
}
