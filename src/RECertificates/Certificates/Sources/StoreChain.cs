using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Certificates.Sources
{
    /// <summary>
    /// Completes a certificate object's chain from the machine's certificate stores (intermediate and root
    /// authorities), the way Windows builds it, but never from the network: no AIA download, no revocation check.
    /// The root is left out, as TLS servers send it: clients have it already.
    /// </summary>
    internal static class StoreChain
    {
        /// <summary>The leaf's issuers as found in the stores, nearest first, as DER; empty when none is there.</summary>
        public static List<byte[]> IssuersOf(X509Certificate2 leaf)
        {
            var issuers = new List<byte[]>();
            using (var chain = new X509Chain())
            {
                X509ChainPolicy policy = chain.ChainPolicy;
                policy.RevocationMode = X509RevocationMode.NoCheck;

                // Expired, untrusted or partial: what the stores hold is still the chain; the validator judges it.
                policy.VerificationFlags = X509VerificationFlags.AllFlags;
                DisableDownloads(policy);
                chain.Build(leaf);
                for (int i = 1; i < chain.ChainElements.Count; i++)
                {
                    X509Certificate2 issuer = chain.ChainElements[i].Certificate;
                    if (CertificateSignature.IsIssuedBy(issuer, issuer))
                    {
                        break;
                    }

                    issuers.Add(issuer.RawData);
                }

                // The elements are the chain's own copies; the caller's certificate is never disposed here.
                foreach (X509ChainElement element in chain.ChainElements)
                {
                    if (!ReferenceEquals(element.Certificate, leaf))
                    {
                        element.Certificate.Dispose();
                    }
                }
            }

            return issuers;
        }

        /// <summary>
        /// .NET Core 3.0 and later can forbid fetching issuers from the addresses in a certificate (AIA); netstandard2.0
        /// does not know the property, so it is set where the runtime has it. Windows PowerShell 5.1's .NET Framework has
        /// no such switch: there the retrieval time limit is set to one millisecond.
        /// </summary>
        internal static void DisableDownloads(X509ChainPolicy policy)
        {
            policy.UrlRetrievalTimeout = TimeSpan.FromMilliseconds(1);
            typeof(X509ChainPolicy).GetProperty("DisableCertificateDownloads")?.SetValue(policy, true);
        }
    }
}
