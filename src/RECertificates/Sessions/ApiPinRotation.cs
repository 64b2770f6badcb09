using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Sessions
{
    /// <summary>
    /// Keeps a pinned session working while its cluster's 'api' certificate (the one the REST API presents) is
    /// replaced. While the request runs, both the old and the new certificate are trusted, because nodes switch
    /// one by one and a retry may meet either; once the cluster confirms, the old pin is dropped so it does not
    /// linger. After a failure both stay: the cluster may be partly updated, and the user will run it again.
    /// </summary>
    internal sealed class ApiPinRotation
    {
        private readonly ServerCertificateTrust _trust;
        private readonly string[] _oldPins;
        private readonly string[] _newPins;

        private ApiPinRotation(ServerCertificateTrust trust, string[] oldPins, string[] newPins)
        {
            _trust = trust;
            _oldPins = oldPins;
            _newPins = newPins;
        }

        /// <summary>The pins that replace the old ones, in the same hash (SHA-1 or SHA-256) as each old one.</summary>
        public string[] NewPins => (string[])_newPins.Clone();

        /// <summary>Starts trusting <paramref name="next"/> too; null when the session did not pin <paramref name="current"/>.</summary>
        public static ApiPinRotation? Begin(ServerCertificateTrust trust, X509Certificate2 current, X509Certificate2 next)
        {
            if (trust.SkipCertificateCheck)
            {
                return null;
            }

            string currentSha1 = CertificatePins.Sha1Of(current);
            string currentSha256 = CertificatePins.Sha256Of(current);
            string nextSha1 = CertificatePins.Sha1Of(next);
            string nextSha256 = CertificatePins.Sha256Of(next);
            string[] oldPins = Array.Empty<string>();
            string[] newPins = Array.Empty<string>();
            trust.ChangePins(pins =>
            {
                oldPins = pins.Where(p => p == currentSha1 || p == currentSha256).ToArray();
                newPins = oldPins.Select(p => p == currentSha1 ? nextSha1 : nextSha256).Distinct().ToArray();
                return pins.Concat(newPins).Distinct().ToArray();
            });
            return oldPins.Length == 0 ? null : new ApiPinRotation(trust, oldPins, newPins);
        }

        /// <summary>The cluster now presents the new certificate: trust it instead of the old one.</summary>
        public void Complete() =>
            _trust.ChangePins(pins => pins.Where(p => !_oldPins.Contains(p)).Concat(_newPins).Distinct().ToArray());
    }
}
