using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Serving
{
    /// <summary>
    /// Reads the certificate one endpoint presents: a TCP connection and a TLS handshake, nothing else. No
    /// credential and no client certificate go out, and not one byte of HTTP (or of anything) after the handshake.
    /// The leaf is taken in the validation callback, the first moment the client holds it, so an endpoint that then
    /// asks for a client certificate and refuses the handshake (a database with mutual TLS) still shows it. Trust is
    /// not judged here: the point is to see what is served, even an expired or self-signed certificate.
    /// </summary>
    internal sealed class TlsProbe : IEndpointProbe
    {
        /// <summary>The probe over the network: the one the module uses.</summary>
        public static readonly TlsProbe Network = new TlsProbe();

        private TlsProbe()
        {
        }

        public async Task<ProbeResult> ReadAsync(string address, int port, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            TcpClient tcp = IPAddress.TryParse(address, out IPAddress? ip) ? new TcpClient(ip.AddressFamily) : new TcpClient();
            X509Certificate2? leaf = null;
            // netstandard2.0's connect and handshake take no token: closing the socket is how the time limit bites.
            using (deadline.Token.Register(() => tcp.Dispose()))
            using (tcp)
            {
                try
                {
                    await (ip != null ? tcp.ConnectAsync(ip, port) : tcp.ConnectAsync(address, port)).ConfigureAwait(false);
                    using var tls = new SslStream(tcp.GetStream(), false,
                        (sender, certificate, chain, errors) =>
                        {
                            if (certificate != null && leaf == null)
                            {
                                leaf = new X509Certificate2(certificate);
                            }

                            return true;
                        },
                        (sender, host, local, remote, issuers) => null!);
                    await tls.AuthenticateAsClientAsync(address, null, SslProtocols.None, false).ConfigureAwait(false);
                    return ProbeResult.Read(leaf ?? CopyOf(tls.RemoteCertificate));
                }
                catch (Exception e) when (IsNetworkFailure(e))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (leaf != null)
                    {
                        // The endpoint showed its certificate, then ended the handshake (it wants a client certificate).
                        return ProbeResult.Read(leaf);
                    }

                    return ProbeResult.Failed(deadline.IsCancellationRequested
                        ? $"no TLS handshake within {timeout.TotalSeconds:0.#} s"
                        : Describe(e));
                }
            }
        }

        private static X509Certificate2? CopyOf(X509Certificate? certificate) => certificate == null ? null : new X509Certificate2(certificate);

        private static bool IsNetworkFailure(Exception e) =>
            e is SocketException || e is IOException || e is AuthenticationException || e is ObjectDisposedException
            || e is InvalidOperationException;

        private static string Describe(Exception e)
        {
            Exception inner = e;
            while (inner.InnerException != null && !(inner is SocketException))
            {
                inner = inner.InnerException;
            }

            if (inner is SocketException socket)
            {
                switch (socket.SocketErrorCode)
                {
                    case SocketError.ConnectionRefused: return "connection refused (nothing listens there, or the node is down)";
                    case SocketError.ConnectionReset: return "connection reset before the TLS handshake ended (the node may be down or restarting)";
                    case SocketError.TimedOut: return "the connection timed out";
                    case SocketError.HostNotFound: return "the address cannot be resolved";
                    default: return $"connection failed ({socket.SocketErrorCode})";
                }
            }

            return e is AuthenticationException
                ? $"the TLS handshake failed before a certificate was presented ({e.Message})"
                : $"the connection ended before a certificate was presented ({e.Message})";
        }
    }

    /// <summary>What a probe found: the served leaf, or why there is none.</summary>
    internal sealed class ProbeResult
    {
        private ProbeResult(X509Certificate2? leaf, string? error)
        {
            Leaf = leaf;
            Error = error;
        }

        public X509Certificate2? Leaf { get; }

        public string? Error { get; }

        public static ProbeResult Read(X509Certificate2? leaf) =>
            leaf == null ? new ProbeResult(null, "the endpoint completed no handshake with a certificate") : new ProbeResult(leaf, null);

        public static ProbeResult Failed(string error) => new ProbeResult(null, error);
    }
}
