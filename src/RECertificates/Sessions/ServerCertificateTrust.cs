using System;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace RECertificates.Sessions
{
    /// <summary>
    /// Decides, for one session only, whether the certificate a cluster presents is trusted: by the machine's
    /// trust (the default), by a pin, or not checked at all when the user asked so. It is a per-handler
    /// callback, never ServicePointManager, so one session's choice never weakens another's.
    /// </summary>
    internal sealed class ServerCertificateTrust
    {
        private string[] _pins;

        public ServerCertificateTrust(bool skipCertificateCheck, string[] pins)
        {
            SkipCertificateCheck = skipCertificateCheck;
            _pins = pins;
        }

        public bool SkipCertificateCheck { get; }

        /// <summary>Pinned thumbprints; replaced (never mutated) through <see cref="ChangePins"/>.</summary>
        public string[] Pins => Volatile.Read(ref _pins);

        /// <summary>
        /// Replaces the pins with <paramref name="change"/> of the current ones, atomically: a session may be shared
        /// by runspaces that rotate 'api' at the same time, and no change may overwrite another it did not see.
        /// <paramref name="change"/> may run more than once, so it only computes.
        /// </summary>
        public void ChangePins(Func<string[], string[]> change)
        {
            while (true)
            {
                string[] current = Volatile.Read(ref _pins);
                string[] next = change(current) ?? Array.Empty<string>();
                if (ReferenceEquals(Interlocked.CompareExchange(ref _pins, next, current), current))
                {
                    return;
                }
            }
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
