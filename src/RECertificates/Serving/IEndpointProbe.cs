using System;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Serving
{
    /// <summary>
    /// Reads the certificate one endpoint presents, within <c>timeout</c>; a failure to reach it is a
    /// <see cref="ProbeResult"/> with an error, not an exception. <see cref="TlsProbe.Network"/> is the one over the
    /// network; xUnit gives a fake that says what each node serves, so the survey and -Verify are tested without sockets.
    /// </summary>
    internal interface IEndpointProbe
    {
        Task<ProbeResult> ReadAsync(string address, int port, TimeSpan timeout, CancellationToken cancellationToken);
    }
}
