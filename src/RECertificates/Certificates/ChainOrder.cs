using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Certificates
{
    /// <summary>Puts certificates in the order the cluster needs, leaf first and then each issuer, by who signed whom.</summary>
    internal static class ChainOrder
    {
        /// <summary>The leaf-first order, if the certificates form one chain in some order; null if they do not.</summary>
        public static List<X509Certificate2>? Find(IReadOnlyList<X509Certificate2> certificates)
        {
            // The leaf is the one certificate that issued none of the others.
            List<X509Certificate2> leaves = certificates
                .Where(candidate => !certificates.Any(other => other != candidate && CertificateSignature.IsIssuedBy(other, candidate)))
                .ToList();
            if (leaves.Count != 1)
            {
                return null;
            }

            List<X509Certificate2> ordered = WithIssuers(leaves[0], certificates);
            return ordered.Count == certificates.Count ? ordered : null;
        }

        /// <summary>The leaf, then its issuer among the candidates, then that one's issuer, as far as they go.</summary>
        public static List<X509Certificate2> WithIssuers(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> candidates)
        {
            var ordered = new List<X509Certificate2> { leaf };
            while (true)
            {
                X509Certificate2 current = ordered[ordered.Count - 1];
                if (CertificateSignature.IsIssuedBy(current, current))
                {
                    return ordered; // self-signed: the root ends the chain
                }

                X509Certificate2? issuer = candidates.FirstOrDefault(c => !ordered.Contains(c) && CertificateSignature.IsIssuedBy(current, c));
                if (issuer == null)
                {
                    return ordered;
                }

                ordered.Add(issuer);
            }
        }
    }
}
