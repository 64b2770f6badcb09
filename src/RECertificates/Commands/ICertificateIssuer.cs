using RECertificates.Renewal;

namespace RECertificates.Commands
{
    /// <summary>
    /// Who issues a renewed certificate for a request: Invoke-RECertificateRenewal's -Issuer script block
    /// (<see cref="ScriptBlockIssuer"/>), or a fake in xUnit, so the renewal is tested without a runspace. Called on
    /// the pipeline thread, one request at a time.
    /// </summary>
    internal interface ICertificateIssuer
    {
        /// <summary>
        /// The issuer's answer for <paramref name="request"/>: the certificate's file path, its PEM text, a FileInfo or
        /// an X509Certificate2 (anything else is refused by the renewal); null when it returned nothing. A failing
        /// issuer throws, and its message is what the renewal tells.
        /// </summary>
        object? Issue(RECertificateRequest request);
    }
}
