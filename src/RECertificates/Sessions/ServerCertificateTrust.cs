using System;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates
{
    /// <summary>
    /// Decides, for one session only, whether the certificate a cluster presents is trusted: by the machine's
    /// trust (the default), by a pin, or not checked at all when the user asked so. It is a per-handler
    /// callback, never ServicePointManager, so one session's choice never weakens another's.
    /// </summary>
    internal sealed class ServerCertificateTrust
    {
        private volatile string[] _pins;

        public ServerCertificateTrust(bool skipCertificateCheck, string[] pins)
        {
            SkipCertificateCheck = skipCertificateCheck;
            _pins = pins;
        }

        public bool SkipCertificateCheck { get; }

        /// <summary>Pinned thumbprints; replaced (not mutated) when a rotation of 'api' re-pins the session.</summary>
        public string[] Pins
        {
            get => _pins;
            set => _pins = value ?? Array.Empty<string>();
        }

        /// <summary>What the server last presented, kept so that a refusal can say what to pin.</summary>
        public PresentedCertificate? LastPresented { get; private set; }

        public bool Validate(X509Certificate2? certificate, SslPolicyErrors errors)
        {
            if (certificate != null)
            {
                LastPresented = new PresentedCertificate(
                    certificate.Subject,
                    CertificatePins.Sha1Of(certificate),
                    CertificatePins.Sha256Of(certificate),
                    errors);
            }

            if (SkipCertificateCheck)
            {
                return true;
            }

            string[] pins = _pins;
            if (pins.Length > 0)
            {
                // A pin replaces the machine's trust: the cluster's own self-signed certificate is the usual case.
                return certificate != null && CertificatePins.Matches(certificate, pins);
            }

            return errors == SslPolicyErrors.None;
        }
    }

    /// <summary>The public facts of the certificate a server presented during the TLS handshake.</summary>
    internal sealed class PresentedCertificate
    {
        public PresentedCertificate(string subject, string sha1, string sha256, SslPolicyErrors errors)
        {
            Subject = subject;
            Sha1 = sha1;
            Sha256 = sha256;
            Errors = errors;
        }

        public string Subject { get; }

        public string Sha1 { get; }

        public string Sha256 { get; }

        public SslPolicyErrors Errors { get; }
    }
}
