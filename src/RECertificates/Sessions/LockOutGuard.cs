using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Certificates;

namespace RECertificates.Sessions
{
    /// <summary>
    /// Keeps a certificate session from sawing off the branch it sits on: the cluster checks a client certificate
    /// against its mtls_trusted_ca, so replacing that bundle with one that lacks the certificate's issuer (or removing
    /// it) refuses every later request of the session, and with Basic authentication turned off, of everyone who logs
    /// in that way. Password sessions are not affected.
    /// </summary>
    internal static class LockOutGuard
    {
        /// <summary>Why sending <paramref name="bundlePem"/> as mtls_trusted_ca would lock the session out; null when it would not.</summary>
        public static string? CheckReplacement(X509Certificate2? clientCertificate, string bundlePem, string cluster)
        {
            if (clientCertificate == null)
            {
                return null;
            }

            List<X509Certificate2> bundle = ReadBundle(bundlePem);
            try
            {
                if (ChainsToRootIn(clientCertificate, bundle))
                {
                    return null;
                }
            }
            finally
            {
                bundle.ForEach(c => c.Dispose());
            }

            return $"The new mtls_trusted_ca for cluster '{cluster}' does not hold the issuers, up to a self-signed root, of this session's client certificate ('{clientCertificate.Subject}', issued by '{clientCertificate.Issuer}', thumbprint {clientCertificate.Thumbprint}). " +
                "The cluster verifies client certificates as OpenSSL does, up to a root it trusts, so it would refuse this session, and every certificate login like it, from the next request on; -Force does not change that. " +
                "Add the issuer and its issuers to the bundle, or make the change from a session that logs in with a password.";
        }

        /// <summary>
        /// Whether the bundle holds a path from the certificate to a self-signed root, each link signed by the next:
        /// what the cluster's OpenSSL accepts, which takes no partial chain (an intermediate, or the client
        /// certificate itself, is no anchor unless it is self-signed). The path cannot be longer than the bundle,
        /// so a bundle whose certificates issue each other in a loop ends the walk.
        /// </summary>
        internal static bool ChainsToRootIn(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> bundle)
        {
            X509Certificate2 current = certificate;
            for (int step = 0; step <= bundle.Count; step++)
            {
                if (IsSelfSigned(current))
                {
                    return bundle.Any(c => SameCertificate(c, current));
                }

                X509Certificate2 at = current;
                X509Certificate2? issuer = bundle.FirstOrDefault(ca => !SameCertificate(ca, at) && Issued(ca, at));
                if (issuer == null)
                {
                    return false;
                }

                current = issuer;
            }

            return false;
        }

        private static bool IsSelfSigned(X509Certificate2 certificate) => CertificateSignature.IsIssuedBy(certificate, certificate);

        private static bool SameCertificate(X509Certificate2 a, X509Certificate2 b) => string.Equals(a.Thumbprint, b.Thumbprint, StringComparison.OrdinalIgnoreCase);

        /// <summary>Why removing mtls_trusted_ca would lock the session out; null for a password session.</summary>
        public static string? CheckRemoval(X509Certificate2? clientCertificate, string cluster) =>
            clientCertificate == null
                ? null
                : $"Removing mtls_trusted_ca from cluster '{cluster}' would end certificate login, including this session's (client certificate '{clientCertificate.Subject}'); -Force does not change that. Remove it from a session that logs in with a password.";

        /// <summary>Whether <paramref name="ca"/> issued the certificate (by name, by key identifier when both carry one, and by signature).</summary>
        internal static bool Issued(X509Certificate2 ca, X509Certificate2 certificate)
        {
            if (!ca.SubjectName.RawData.SequenceEqual(certificate.IssuerName.RawData)
                && !string.Equals(ca.Subject, certificate.Issuer, StringComparison.Ordinal))
            {
                return false;
            }

            if (!KeyIdentifiers.MayHaveIssued(ca, certificate))
            {
                return false;
            }

            // Checked directly where the module knows the algorithm; else by the chain engine.
            return CertificateSignature.VerifiesWith(certificate, ca) ?? SignedBy(ca, certificate);
        }

        /// <summary>
        /// Whether the chain engine links the certificate to <paramref name="ca"/> with a valid signature: a CA that
        /// only shares the issuer's name does not. Trust, time and revocation are not the question here.
        /// </summary>
        private static bool SignedBy(X509Certificate2 ca, X509Certificate2 certificate)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority | X509VerificationFlags.IgnoreNotTimeValid;
            chain.ChainPolicy.UrlRetrievalTimeout = TimeSpan.FromMilliseconds(1);
            chain.ChainPolicy.ExtraStore.Add(ca);
            chain.Build(certificate);
            if (chain.ChainElements.Count < 2 || !string.Equals(chain.ChainElements[1].Certificate.Thumbprint, ca.Thumbprint, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            return !chain.ChainElements[0].ChainElementStatus.Any(s => s.Status == X509ChainStatusFlags.NotSignatureValid);
        }

        private static List<X509Certificate2> ReadBundle(string pem)
        {
            try
            {
                return PemReader.Read(pem.AsSpan(), "mtls_trusted_ca").Where(b => b.IsCertificate).Select(b => new X509Certificate2(b.Data)).ToList();
            }
            catch (Exception e) when (e is CertificateInputException || e is System.Security.Cryptography.CryptographicException)
            {
                // Validation reports an unreadable bundle on its own; here it simply trusts nothing.
                return new List<X509Certificate2>();
            }
        }
    }
}
